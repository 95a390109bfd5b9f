package dev.tollgate.oauth.clientauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretJWT;
import com.nimbusds.oauth2.sdk.auth.JWTAuthentication;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientAuthenticationVerifier;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientCredentialsSelector;
import com.nimbusds.oauth2.sdk.auth.verifier.Context;
import com.nimbusds.oauth2.sdk.auth.verifier.ExpendedJTIChecker;
import com.nimbusds.oauth2.sdk.auth.verifier.InvalidClientException;
import com.nimbusds.oauth2.sdk.auth.verifier.JWTAudienceCheck;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import dev.tollgate.keys.SecretBox;
import dev.tollgate.oauth.OpaqueTokens;
import dev.tollgate.oauth.TokenRequest;
import dev.tollgate.store.AssertionJtiStore;
import dev.tollgate.store.Client;
import dev.tollgate.store.ClientStore;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Client assertions (RFC 7523, OpenID Connect Core section 9) for private_key_jwt and
 * client_secret_jwt: signature by the client's key or secret with an allowed algorithm,
 * {@code iss} = {@code sub} = the client, {@code aud} our issuer or our token endpoint as a single string,
 * {@code exp} in the future but no further than the configured lifetime, and a {@code jti} never
 * used before (remembered in the database, so across nodes). Nimbus's
 * {@link ClientAuthenticationVerifier} does the work; EdDSA assertions are checked here with
 * Nimbus's parts, because that verifier accepts only JCA public keys, which Ed25519 JWKs are not.
 */
public final class JwtAssertions {
    public static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    static final Set<JWSAlgorithm> KEY_ALGORITHMS =
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);
    static final Set<JWSAlgorithm> SECRET_ALGORITHMS = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);

    private final ClientStore clients;
    private final ClientKeys keys;
    private final SecretBox secretBox;
    private final AssertionJtiStore jtis;
    private final Clock clock;
    private final AssertionAudience audience;
    private final long maxLifetime;
    /** One per accepted audience, because Nimbus's strict audience check takes a single value. */
    private final Map<String, ClientAuthenticationVerifier<Client>> verifiers = new HashMap<>();

    public JwtAssertions(ClientStore clients, SecretBox secretBox, AssertionJtiStore jtis, Clock clock,
            Set<String> audiences, long maxLifetime, long jwksRefetchInterval) {
        this.clients = clients;
        this.keys = new ClientKeys(jwksRefetchInterval);
        this.secretBox = secretBox;
        this.jtis = jtis;
        this.clock = clock;
        this.audience = new AssertionAudience(audiences);
        this.maxLifetime = maxLifetime;
        for (String value : this.audience.accepted()) {
            verifiers.put(value, new ClientAuthenticationVerifier<>(new Selector(), null, Set.of(new Audience(value)),
                    JWTAudienceCheck.STRICT, new ReplayCache(), maxLifetime));
        }
    }

    /** The algorithm of the request's client assertion, or null when it has none that parses as a JWS. */
    static JWSAlgorithm algorithm(TokenRequest request) {
        if (!ASSERTION_TYPE.equals(request.param("client_assertion_type")) || !request.has("client_assertion")) {
            return null;
        }
        try {
            return SignedJWT.parse(request.param("client_assertion")).getHeader().getAlgorithm();
        } catch (java.text.ParseException e) {
            return null;
        }
    }

    Client authenticate(TokenRequest request, String method) {
        if (JWSAlgorithm.EdDSA.equals(algorithm(request))) {
            return authenticateEdDsa(request, method);
        }
        JWTAuthentication assertion;
        try {
            assertion = Client.PRIVATE_KEY_JWT.equals(method)
                    ? PrivateKeyJWT.parse(request.multiParams())
                    : ClientSecretJWT.parse(request.multiParams());
        } catch (ParseException e) {
            throw new ClientAuthFailure(ClientAuthFailure.MALFORMED, request.param("client_id"));
        }
        Client client = ClientAuthFailure.registered(clients, assertion.getClientID().getValue(), method);
        requireJti(client, assertion.getJWTAuthenticationClaimsSet().getJWTID());
        String aud = requireAudience(client, assertion.getClientAssertion());
        try {
            Context<Client> context = new Context<>();
            context.set(client);
            verifiers.get(aud).verify(assertion, null, context);
        } catch (InvalidClientException | JOSEException | ReplayDetected e) {
            throw new ClientAuthFailure(ClientAuthFailure.ASSERTION_REJECTED, client.id());
        }
        return client;
    }

    /**
     * EdDSA, checked with Nimbus's parts: its client assertion parser and verifier take only RSA
     * and EC signatures.
     */
    private Client authenticateEdDsa(TokenRequest request, String method) {
        SignedJWT jwt;
        JWTAuthenticationClaimsSet claims;
        try {
            jwt = SignedJWT.parse(request.param("client_assertion"));
            claims = JWTAuthenticationClaimsSet.parse(jwt.getJWTClaimsSet());
        } catch (java.text.ParseException | ParseException e) {
            throw new ClientAuthFailure(ClientAuthFailure.MALFORMED, request.param("client_id"));
        }
        String bodyId = request.param("client_id");
        if (bodyId != null && !bodyId.equals(claims.getClientID().getValue())) {
            throw new ClientAuthFailure(ClientAuthFailure.MALFORMED, bodyId);
        }
        Client client = ClientAuthFailure.registered(clients, claims.getClientID().getValue(), method);
        requireJti(client, claims.getJWTID());
        String aud = requireAudience(client, jwt);
        try {
            verifyEdDsa(jwt, claims, client, aud);
        } catch (InvalidClientException | JOSEException | ReplayDetected e) {
            throw new ClientAuthFailure(ClientAuthFailure.ASSERTION_REJECTED, client.id());
        }
        return client;
    }

    private static void requireJti(Client client, JWTID jti) {
        if (jti == null) {
            throw new ClientAuthFailure(ClientAuthFailure.ASSERTION_REJECTED, client.id());
        }
    }

    private String requireAudience(Client client, SignedJWT jwt) {
        String aud = audience.of(jwt);
        if (aud == null) {
            throw new ClientAuthFailure(ClientAuthFailure.ASSERTION_REJECTED, client.id());
        }
        return aud;
    }

    private void verifyEdDsa(SignedJWT jwt, JWTAuthenticationClaimsSet parsed, Client client, String aud)
            throws InvalidClientException, JOSEException {
        boolean verified = false;
        for (JWK key : keys.select(client, jwt.getHeader())) {
            if (key instanceof OctetKeyPair okp && jwt.verify(new Ed25519Verifier(okp.toPublicJWK()))) {
                verified = true;
                break;
            }
        }
        if (!verified) {
            throw new InvalidClientException("bad signature");
        }
        JWTClaimsSet claims;
        try {
            claims = parsed.toJWTClaimsSet();
            new DefaultJWTClaimsVerifier<>(Set.of(aud),
                    new JWTClaimsSet.Builder().issuer(client.id()).subject(client.id()).build(),
                    Set.of("exp", "jti"), null).verify(claims, null);
            if (claims.getExpirationTime().getTime() / 1000 - clock.instant().getEpochSecond() > maxLifetime) {
                throw new InvalidClientException("client assertion lives too long");
            }
        } catch (BadJWTException e) {
            throw new InvalidClientException("bad claims");
        }
        new ReplayCache().consume(client.id(), claims.getJWTID(), claims.getExpirationTime());
    }

    /** Gives Nimbus the client's keys or secrets, and only for the method and algorithms it is allowed. */
    private final class Selector implements ClientCredentialsSelector<Client> {
        @Override
        public List<Secret> selectClientSecrets(ClientID id, ClientAuthenticationMethod method, Context<Client> context)
                throws InvalidClientException {
            Client client = context.get();
            if (!ClientAuthenticationMethod.CLIENT_SECRET_JWT.equals(method) || client.sealedSecret() == null) {
                throw new InvalidClientException("not registered for client_secret_jwt");
            }
            List<Secret> secrets = new ArrayList<>();
            secrets.add(new Secret(secretBox.open(client.sealedSecret())));
            Client.PreviousSecret previous = client.previousSecret();
            if (previous != null && previous.sealed() != null
                    && previous.expiresAt() > clock.instant().getEpochSecond()) {
                secrets.add(new Secret(secretBox.open(previous.sealed())));
            }
            return secrets;
        }

        @Override
        public List<? extends PublicKey> selectPublicKeys(ClientID id, ClientAuthenticationMethod method,
                JWSHeader header, boolean forceRefresh, Context<Client> context) throws InvalidClientException {
            if (!ClientAuthenticationMethod.PRIVATE_KEY_JWT.equals(method)
                    || !KEY_ALGORITHMS.contains(header.getAlgorithm())) {
                throw new InvalidClientException("algorithm not allowed");
            }
            List<PublicKey> out = new ArrayList<>();
            for (JWK key : keys.select(context.get(), header)) {
                try {
                    if (key instanceof RSAKey rsa) {
                        out.add(rsa.toRSAPublicKey());
                    } else if (key instanceof ECKey ec) {
                        out.add(ec.toECPublicKey());
                    }
                } catch (JOSEException e) {
                    // an unusable key of the client's is skipped
                }
            }
            return out;
        }
    }

    /** The database-backed jti cache Nimbus consults; a concurrent second use loses the insert. */
    private final class ReplayCache implements ExpendedJTIChecker<Client> {
        @Override
        public boolean isExpended(JWTID jti, ClientID clientId, ClientAuthenticationMethod method,
                Context<Client> context) {
            return jtis.isUsed(clientId.getValue(), OpaqueTokens.hash(jti.getValue()));
        }

        @Override
        public void markExpended(JWTID jti, Date expiry, ClientID clientId, ClientAuthenticationMethod method,
                Context<Client> context) {
            consume(clientId.getValue(), jti.getValue(), expiry);
        }

        /**
         * The record outlives {@code exp} by the clock skew the verifiers accept, or a replay in
         * that window, after housekeeping deleted the record, would pass.
         */
        void consume(String clientId, String jti, Date expiry) {
            long keepUntil = expiry.getTime() / 1000 + DefaultJWTClaimsVerifier.DEFAULT_MAX_CLOCK_SKEW_SECONDS;
            if (!jtis.markUsed(clientId, OpaqueTokens.hash(jti), keepUntil)) {
                throw new ReplayDetected();
            }
        }
    }

    /** A client assertion's jti was used before. */
    private static final class ReplayDetected extends RuntimeException {
        ReplayDetected() {
            super("client assertion replayed", null, false, false);
        }
    }

}
