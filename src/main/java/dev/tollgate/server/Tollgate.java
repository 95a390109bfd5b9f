package dev.tollgate.server;

import dev.tollgate.config.Config;
import dev.tollgate.http.HttpServer;
import dev.tollgate.identity.BruteForceGuard;
import dev.tollgate.identity.DatabaseDirectory;
import dev.tollgate.keys.KeyRing;
import dev.tollgate.keys.NativeCrypto;
import dev.tollgate.identity.IpRateLimit;
import dev.tollgate.keys.SigningKeys;
import dev.tollgate.oauth.AccessTokenIssuer;
import dev.tollgate.oauth.AccessTokenValidator;
import dev.tollgate.oauth.Audiences;
import dev.tollgate.oauth.ClientCredentialsGrant;
import dev.tollgate.oauth.GrantHandler;
import dev.tollgate.oauth.Introspection;
import dev.tollgate.oauth.PasswordGrant;
import dev.tollgate.oauth.RefreshTokenGrant;
import dev.tollgate.oauth.RefreshTokens;
import dev.tollgate.oauth.Revocation;
import dev.tollgate.oauth.ScopePolicy;
import dev.tollgate.oauth.ServerMetadata;
import dev.tollgate.oauth.TokenEndpoint;
import dev.tollgate.oauth.TokenIssuer;
import dev.tollgate.oauth.TokenSettings;
import dev.tollgate.oauth.clientauth.ClientAuthentication;
import dev.tollgate.oauth.clientauth.ClientSecretBasicAuthenticator;
import dev.tollgate.oauth.clientauth.ClientSecretJwtAuthenticator;
import dev.tollgate.oauth.clientauth.JwtAssertions;
import dev.tollgate.oauth.clientauth.PrivateKeyJwtAuthenticator;
import dev.tollgate.oauth.clientauth.ClientSecretPostAuthenticator;
import dev.tollgate.oauth.clientauth.ClientSecretVerifier;
import dev.tollgate.oauth.clientauth.PublicClientAuthenticator;
import dev.tollgate.observe.AuditLog;
import dev.tollgate.oidc.IdTokenIssuer;
import dev.tollgate.oidc.ProviderMetadata;
import dev.tollgate.oidc.UserInfo;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running server: the whole object graph, wired by hand in one place. */
public final class Tollgate implements AutoCloseable {
    /** How often ended lockouts are recorded and idle login-failure counters forgotten. */
    private static final Logger LOG = LoggerFactory.getLogger(Tollgate.class);

    private final Services services;
    private final Javalin app;
    private final String issuer;
    private final String host;
    private final String scheme;
    private final Housekeeping housekeeping;

    private Tollgate(Services services, Javalin app, String issuer, String host, String scheme,
            Housekeeping housekeeping) {
        this.services = services;
        this.app = app;
        this.issuer = issuer;
        this.host = host;
        this.scheme = scheme;
        this.housekeeping = housekeeping;
    }

    /** Starts a server on the configuration's storage; the caller closes it. */
    public static Tollgate start(Config config) {
        return start(config, java.time.Clock.systemUTC());
    }

    /** Starts a server whose idea of the time is the given clock. */
    public static Tollgate start(Config config, java.time.Clock clock) {
        Services services = Services.open(config, clock);
        try {
            new ConfigSync(services).apply(config);
            return start(services);
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
    }

    /** Starts a server on already opened services, which it then owns. */
    public static Tollgate start(Services services) {
        Config config = services.config;
        int port = config.server().port() == 0 ? freePort(config.server().host()) : config.server().port();
        String scheme = config.server().tls().enabled() ? "https" : "http";
        String issuer = config.server().issuer().isEmpty()
                ? scheme + "://" + hostForUrl(config.server().host()) + ":" + port
                : config.server().issuer();
        SigningKeys keys = SigningKeys.load(new KeyRing(services.signingKeys, services.secretBox, services.clock),
                NativeCrypto.provider(config.keys().nativeCrypto()).orElse(null));
        LOG.info("Argon2id by {}, RSA and ECDSA token signatures by {}", services.hasher.argon2Engine(),
                keys.providerName());

        ClientSecretVerifier secrets = new ClientSecretVerifier(services.hasher, services.hashPool, services.clock);
        JwtAssertions assertions = new JwtAssertions(services.clients, services.secretBox, services.assertionJtis,
                services.clock, assertionAudiences(issuer), config.clientAuth().maxAssertionLifetime(),
                config.clientAuth().jwksRefetchInterval());
        AuditLog audit = services.audit();
        ClientAuthentication clientAuth = new ClientAuthentication(List.of(
                new ClientSecretBasicAuthenticator(services.clients, secrets),
                new ClientSecretPostAuthenticator(services.clients, secrets),
                new ClientSecretJwtAuthenticator(assertions),
                new PrivateKeyJwtAuthenticator(assertions),
                new PublicClientAuthenticator(services.clients)), audit);
        Config.Tokens tokens = config.tokens();
        TokenSettings settings = new TokenSettings(issuer,
                tokens.defaultAudience().isEmpty() ? issuer : tokens.defaultAudience(),
                tokens.accessTokenTtl(), tokens.refreshTokenTtl(), tokens.refreshTokenMaxLifetime(),
                issuer + HttpServer.USERINFO_PATH);
        RefreshTokens refreshTokens = new RefreshTokens(services.refreshTokens, settings);
        AccessTokenIssuer accessTokens = new AccessTokenIssuer(keys, services.accessTokens, settings);
        IdTokenIssuer idTokens = new IdTokenIssuer(keys, issuer);
        TokenIssuer tokenIssuer = new TokenIssuer(accessTokens, refreshTokens, idTokens, services.clock);
        AccessTokenValidator validator = new AccessTokenValidator(keys, services.accessTokens, refreshTokens, settings,
                services.clock);
        Audiences audiences = new Audiences(services.apis);
        ScopePolicy scopes = new ScopePolicy();

        List<GrantHandler> grants = new ArrayList<>();
        if (config.passwordGrantEnabled()) {
            grants.add(new PasswordGrant(new DatabaseDirectory(services.users, services.hasher, services.hashPool),
                    audiences, scopes, tokenIssuer, services.bruteForceGuard(), services.loginQueue, audit));
        }
        grants.add(new RefreshTokenGrant(refreshTokens, accessTokens, idTokens, services.apis, services.users,
                services.clock, audit));
        grants.add(new ClientCredentialsGrant(audiences, scopes, tokenIssuer));
        TokenEndpoint tokenEndpoint = new TokenEndpoint(clientAuth, grants, services.metrics, audit);

        ServerMetadata metadata = new ServerMetadata(
                new ServerMetadata.Endpoints(issuer, issuer + HttpServer.TOKEN_PATHS.get(0),
                        issuer + HttpServer.REVOCATION_PATH, issuer + HttpServer.INTROSPECTION_PATH,
                        issuer + HttpServer.JWKS_PATH),
                tokenEndpoint.grantTypes(), clientAuth.methodNames(), services.clients);
        ProviderMetadata providerMetadata = new ProviderMetadata(metadata, settings.userInfoEndpoint());
        HttpServer http = new HttpServer(new HttpServer.Core(
                tokenEndpoint,
                new Revocation(clientAuth, validator, services.accessTokens, refreshTokens, services.clock, audit),
                new Introspection(clientAuth, validator, refreshTokens, services.users, settings, services.clock),
                tokens.includeIssuedAt(),
                new UserInfo(validator, services.users),
                () -> metadata,
                () -> providerMetadata,
                keys::publicKeys,
                services.database::isReachable,
                services.metrics,
                config.server().trustedProxies(),
                new IpRateLimit(config.bruteForce().ipRequestsPerMinute())));
        // logins waiting in the login queue, plus client secret checks waiting in the hashing pool
        int maxBlocked = services.hashPool.threads() + 2 * config.passwords().hashQueue();
        Javalin app = http.create(config.server().host(), port, config.server().shutdownTimeout() * 1000,
                config.server().tls(), maxBlocked);
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop();
            throw e;
        }
        Housekeeping housekeeping = new Housekeeping(services, keys, services.bruteForceGuard(), services.clock);
        housekeeping.start(config.keys().reloadInterval());
        return new Tollgate(services, app, issuer, config.server().host(), scheme, housekeeping);
    }

    public int port() {
        return app.port();
    }

    public String issuer() {
        return issuer;
    }

    /** Where this process listens, e.g. {@code http://127.0.0.1:8080}. */
    public String localUrl() {
        return scheme + "://" + hostForUrl(host) + ":" + port();
    }

    /** True when passwords would cross a network unencrypted: no TLS, and listening beyond loopback. */
    public boolean servesPlainHttpBeyondLoopback() {
        if ("https".equals(scheme)) {
            return false;
        }
        try {
            return !InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return true;
        }
    }

    public Services services() {
        return services;
    }

    @Override
    public void close() {
        housekeeping.close();
        app.stop();
        services.close();
    }

    /** What a client assertion's aud may name: the issuer, or any endpoint that takes client authentication. */
    private static java.util.Set<String> assertionAudiences(String issuer) {
        java.util.Set<String> audiences = new java.util.LinkedHashSet<>();
        audiences.add(issuer);
        HttpServer.TOKEN_PATHS.forEach(path -> audiences.add(issuer + path));
        audiences.add(issuer + HttpServer.REVOCATION_PATH);
        audiences.add(issuer + HttpServer.INTROSPECTION_PATH);
        return audiences;
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + host, e);
        }
    }

    private static String hostForUrl(String host) {
        if ("0.0.0.0".equals(host) || "::".equals(host)) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
