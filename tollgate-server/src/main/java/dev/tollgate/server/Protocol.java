package dev.tollgate.server;

import dev.tollgate.config.Config;
import dev.tollgate.http.Paths;
import dev.tollgate.identity.Directories;
import dev.tollgate.identity.IpRateLimit;
import dev.tollgate.keys.SigningKeys;
import dev.tollgate.oauth.AccessTokenIssuer;
import dev.tollgate.oauth.AccessTokenValidator;
import dev.tollgate.oauth.Audiences;
import dev.tollgate.oauth.ClientCredentialsGrant;
import dev.tollgate.oauth.GrantHandler;
import dev.tollgate.oauth.GrantTypes;
import dev.tollgate.oauth.Introspection;
import dev.tollgate.oauth.MfaChallenges;
import dev.tollgate.oauth.MfaOtpGrant;
import dev.tollgate.oauth.MfaRecoveryCodeGrant;
import dev.tollgate.oauth.SecondFactor;
import dev.tollgate.oauth.PasswordGrant;
import dev.tollgate.oauth.PasswordLogin;
import dev.tollgate.oauth.PasswordRealmGrant;
import dev.tollgate.oauth.RefreshTokenGrant;
import dev.tollgate.oauth.RefreshTokens;
import dev.tollgate.oauth.RequestOrigin;
import dev.tollgate.oauth.Revocation;
import dev.tollgate.oauth.ScopePolicy;
import dev.tollgate.oauth.ServerMetadata;
import dev.tollgate.oauth.TokenEndpoint;
import dev.tollgate.oauth.TokenIssuer;
import dev.tollgate.oauth.TokenSettings;
import dev.tollgate.oauth.clientauth.ClientAuthMethod;
import dev.tollgate.oauth.clientauth.ClientAuthMethods;
import dev.tollgate.oauth.clientauth.ClientAuthentication;
import dev.tollgate.oauth.clientauth.ClientSecretBasicAuthenticator;
import dev.tollgate.oauth.clientauth.ClientSecretJwtAuthenticator;
import dev.tollgate.oauth.clientauth.ClientSecretPostAuthenticator;
import dev.tollgate.oauth.clientauth.ClientSecretVerifier;
import dev.tollgate.oauth.clientauth.JwtAssertions;
import dev.tollgate.oauth.clientauth.PrivateKeyJwtAuthenticator;
import dev.tollgate.oauth.clientauth.PublicClientAuthenticator;
import dev.tollgate.oidc.IdTokenIssuer;
import dev.tollgate.oidc.ProviderMetadata;
import dev.tollgate.oidc.UserInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The protocol side of a server, wired by hand: directories, client authentication, the grants,
 * token issuing and checking, and the endpoints' cores. Each list below is the server's list of
 * that kind of thing: a new directory, client authentication method or grant is one line here.
 */
record Protocol(
        TokenEndpoint tokenEndpoint,
        Revocation revocation,
        Introspection introspection,
        UserInfo userInfo,
        ServerMetadata metadata,
        ProviderMetadata providerMetadata,
        IpRateLimit ipRateLimit,
        AccessTokenValidator accessTokens,
        Directories directories,
        MfaChallenges mfaChallenges) {

    static Protocol wire(Services services, SigningKeys keys, String issuer) {
        Parts parts = Parts.of(services, keys, issuer);
        ClientAuthentication clientAuth = new ClientAuthentication(clientAuthMethods(services, issuer), services.audit());
        IpRateLimit ipRateLimit = new IpRateLimit(services.config().bruteForce().ipRequestsPerMinute());
        MfaChallenges challenges = new MfaChallenges(services.stores().mfa(), services.clock(),
                services.mfa().settings().tokenTtl());
        TokenEndpoint tokenEndpoint = new TokenEndpoint(clientAuth, grants(services, parts, challenges),
                services.metrics(),
                services.audit(), new RequestOrigin(ipRateLimit));
        check("grant types", tokenEndpoint.grantTypes(), services.config().passwordGrantEnabled() ? GrantTypes.KNOWN
                : GrantTypes.KNOWN.stream().filter(type -> !GrantTypes.PASSWORD.contains(type)).toList());
        check("client authentication methods", clientAuth.methodNames(), ClientAuthMethods.KNOWN);
        ServerMetadata metadata = new ServerMetadata(
                new ServerMetadata.Endpoints(issuer, issuer + Paths.TOKEN.get(0), issuer + Paths.REVOCATION,
                        issuer + Paths.INTROSPECTION, issuer + Paths.JWKS),
                tokenEndpoint.grantTypes(), clientAuth.methodNames(), services.stores().clients());
        Stores stores = services.stores();
        return new Protocol(tokenEndpoint,
                new Revocation(clientAuth, parts.validator(), stores.accessTokens(), parts.refreshTokens(),
                        services.clock(), services.audit()),
                new Introspection(clientAuth, parts.validator(), parts.refreshTokens(), parts.directories(),
                        parts.settings(), services.clock()),
                new UserInfo(parts.validator(), parts.directories()),
                metadata,
                new ProviderMetadata(metadata, parts.settings().userInfoEndpoint()),
                ipRateLimit, parts.validator(), parts.directories(), challenges);
    }

    /** In the order metadata lists them. */
    private static List<ClientAuthMethod> clientAuthMethods(Services services, String issuer) {
        Stores stores = services.stores();
        Config.ClientAuth settings = services.config().clientAuth();
        Hashing hashing = services.hashing();
        ClientSecretVerifier secrets = new ClientSecretVerifier(hashing.hasher(), hashing.pool(), hashing.queue(),
                services.clock());
        JwtAssertions assertions = new JwtAssertions(stores.clients(), services.secretBox(), stores.assertionJtis(),
                services.clock(), assertionAudiences(issuer), settings.maxAssertionLifetime(),
                settings.jwksRefetchInterval());
        return List.of(
                new ClientSecretBasicAuthenticator(stores.clients(), secrets),
                new ClientSecretPostAuthenticator(stores.clients(), secrets),
                new ClientSecretJwtAuthenticator(assertions),
                new PrivateKeyJwtAuthenticator(assertions),
                new PublicClientAuthenticator(stores.clients()));
    }

    private static List<GrantHandler> grants(Services services, Parts parts, MfaChallenges challenges) {
        List<GrantHandler> grants = new ArrayList<>();
        boolean passwords = services.config().passwordGrantEnabled();
        SecondFactor second = new SecondFactor(challenges, services.mfa(), parts.directories(),
                services.stores().apis(), parts.issuer(), services.bruteForceGuard(), services.audit());
        PasswordLogin login = new PasswordLogin(parts.audiences(), parts.scopes(), parts.issuer(),
                services.bruteForceGuard(), services.hashing().queue(), services.audit(), second);
        if (passwords) {
            grants.add(new PasswordGrant(parts.directories(), login));
        }
        grants.add(new RefreshTokenGrant(parts.refreshTokens(), parts.issuer(), services.stores().apis(),
                parts.scopes(), parts.directories(), services.clock(), services.audit()));
        grants.add(new ClientCredentialsGrant(parts.audiences(), parts.scopes(), parts.issuer()));
        if (passwords) {
            grants.add(new PasswordRealmGrant(parts.directories(), login));
            grants.add(new MfaOtpGrant(second));
            grants.add(new MfaRecoveryCodeGrant(second));
        }
        return grants;
    }

    /**
     * What a client assertion's aud may be, whichever endpoint receives it: the issuer or the
     * token endpoint. Fewer values leave fewer ways for an assertion meant for another party to
     * be accepted here.
     */
    private static Set<String> assertionAudiences(String issuer) {
        Set<String> audiences = new LinkedHashSet<>();
        audiences.add(issuer);
        Paths.TOKEN.forEach(path -> audiences.add(issuer + path));
        return audiences;
    }

    /** A list of handlers and the list of names validation knows must agree, or the server would accept what it cannot serve. */
    private static void check(String what, List<String> wired, List<String> known) {
        if (!Set.copyOf(wired).equals(Set.copyOf(known))) {
            throw new IllegalStateException("the " + what + " wired " + wired + " differ from the known " + known);
        }
    }

    /** What several endpoints share. */
    private record Parts(
            TokenSettings settings,
            Directories directories,
            RefreshTokens refreshTokens,
            TokenIssuer issuer,
            AccessTokenValidator validator,
            Audiences audiences,
            ScopePolicy scopes) {

        static Parts of(Services services, SigningKeys keys, String issuer) {
            Config.Tokens tokens = services.config().tokens();
            TokenSettings settings = new TokenSettings(issuer,
                    tokens.defaultAudience().isEmpty() ? issuer : tokens.defaultAudience(),
                    tokens.accessTokenTtl(), tokens.refreshTokenTtl(), tokens.refreshTokenMaxLifetime(),
                    issuer + Paths.USERINFO);
            Stores stores = services.stores();
            RefreshTokens refreshTokens = new RefreshTokens(stores.refreshTokens(), settings);
            AccessTokenIssuer accessTokens = new AccessTokenIssuer(keys, stores.accessTokens(), settings);
            TokenIssuer tokenIssuer = new TokenIssuer(accessTokens, refreshTokens, new IdTokenIssuer(keys, issuer),
                    services.clock());
            AccessTokenValidator validator = new AccessTokenValidator(keys, stores.accessTokens(), refreshTokens,
                    settings, services.clock());
            return new Parts(settings, services.directories(), refreshTokens, tokenIssuer, validator,
                    new Audiences(stores.apis()), new ScopePolicy());
        }
    }
}
