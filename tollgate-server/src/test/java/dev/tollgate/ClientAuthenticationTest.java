package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every client authentication method on the token, introspection and revocation endpoints, and every way to fail one. */
class ClientAuthenticationTest {
    static RSAKey rsa;
    static ECKey ec;
    static OctetKeyPair ed;
    static RSAKey remoteFirst;
    static RSAKey remoteSecond;
    static RSAKey stranger;
    static HttpServer jwksServer;
    static final AtomicReference<String> served = new AtomicReference<>();
    static final AtomicInteger fetches = new AtomicInteger();
    static final String HMAC_SECRET = "a-shared-secret-long-enough-for-hs512-which-needs-sixty-four-bytes";
    static TestServer server;
    static String tokenUrl;
    long jtisBefore;
    long familiesBefore;

    @BeforeAll
    static void start() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        ed = new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed-1").generate();
        remoteFirst = new RSAKeyGenerator(2048).keyID("remote-1").generate();
        remoteSecond = new RSAKeyGenerator(2048).keyID("remote-2").generate();
        stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        served.set(new JWKSet(remoteFirst.toPublicJWK()).toString());
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwksServer.start();
        String jwks = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK(), ed.toPublicJWK())).toString()
                .replace("\\", "\\\\").replace("\"", "\\\"");
        server = TestServer.start("""
                [[clients]]
                id = "signer"
                jwks = "%s"
                grant_types = ["password", "client_credentials"]
                scopes = ["read"]

                [[clients]]
                id = "remote"
                jwks_uri = "http://127.0.0.1:%d/jwks.json"
                grant_types = ["client_credentials"]
                scopes = ["read"]

                [[clients]]
                id = "hmac"
                secret = "a-shared-secret-long-enough-for-hs512-which-needs-sixty-four-bytes"
                auth_methods = ["client_secret_jwt"]
                grant_types = ["client_credentials"]
                scopes = ["read"]

                [[clients]]
                id = "basic-only"
                secret = "basic-secret"
                auth_methods = ["client_secret_basic"]
                grant_types = ["client_credentials"]
                scopes = ["read"]

                [[clients]]
                id = "native"
                grant_types = ["password"]
                scopes = ["read"]

                [[users]]
                username = "jane.doe@example.com"
                password = "example-password"
                scopes = ["read", "offline_access"]
                """.formatted(jwks, jwksServer.getAddress().getPort()), Map.of("client_auth.jwks_refetch_interval", "0"));
        tokenUrl = server.url("/oauth/token");
    }

    @AfterAll
    static void stop() {
        server.close();
        jwksServer.stop(0);
    }

    @BeforeEach
    void countRows() {
        jtisBefore = server.count("client_assertion_jtis");
        familiesBefore = server.count("token_families");
    }

    static TestServer.Response clientCredentials(String assertion) {
        return server.form("/oauth/token", "grant_type=client_credentials&" + ClientAssertions.params(assertion));
    }

    static void assertRejected(TestServer.Response response) {
        TokenEndpointErrorTest.assertError(response, 401, "invalid_client");
    }

    void assertNothingWritten() {
        assertThat(server.count("client_assertion_jtis")).isEqualTo(jtisBefore);
        assertThat(server.count("token_families")).isEqualTo(familiesBefore);
    }

    @Test
    void privateKeyJwtWithEachAllowedAlgorithm() {
        assertThat(clientCredentials(ClientAssertions.of("signer", tokenUrl).sign(rsa, JWSAlgorithm.RS256)).status())
                .isEqualTo(200);
        assertThat(clientCredentials(ClientAssertions.of("signer", tokenUrl).sign(rsa, JWSAlgorithm.PS256)).status())
                .isEqualTo(200);
        assertThat(clientCredentials(ClientAssertions.of("signer", tokenUrl).sign(ec, JWSAlgorithm.ES256)).status())
                .isEqualTo(200);
        TestServer.Response eddsa = clientCredentials(ClientAssertions.of("signer", tokenUrl).sign(ed, JWSAlgorithm.EdDSA));
        assertThat(eddsa.status()).as(eddsa.body()).isEqualTo(200);
        assertThat(AccessTokenTest.claims(eddsa.json()).getSubject()).isEqualTo("signer");
        assertThat(server.count("client_assertion_jtis")).isEqualTo(jtisBefore + 4);
    }

    @Test
    void privateKeyJwtWithIssuerAsAudience() {
        assertThat(clientCredentials(ClientAssertions.of("signer", server.tollgate.issuer()).sign(rsa, JWSAlgorithm.RS256))
                .status()).isEqualTo(200);
    }

    @Test
    void oracleSeedRequestWithJwtAssertion() {
        String assertion = ClientAssertions.of("signer", server.url("/oauth2/v1/token")).sign(rsa, JWSAlgorithm.RS256);
        TestServer.Response response = server.post("/oauth2/v1/token", "application/x-www-form-urlencoded;charset=UTF-8",
                "grant_type=password&username=jane.doe@example.com&password=example-password&client_id=signer"
                        + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
                        + "&client_assertion=" + assertion + "&scope=read");
        SeedRequestTest.assertToken(response);
        assertThat(response.json().get("scope").asText()).isEqualTo("read");
    }

    @Test
    void clientSecretJwtWithHmac() {
        String secret = "a-shared-secret-long-enough-for-hs512-which-needs-sixty-four-bytes";
        assertThat(clientCredentials(ClientAssertions.of("hmac", tokenUrl).mac(secret, JWSAlgorithm.HS256)).status())
                .isEqualTo(200);
        assertThat(clientCredentials(ClientAssertions.of("hmac", tokenUrl).mac(secret, JWSAlgorithm.HS512)).status())
                .isEqualTo(200);
        assertRejected(clientCredentials(ClientAssertions.of("hmac", tokenUrl)
                .mac("another-secret-long-enough-for-hs512-which-needs-sixty-four-bytes", JWSAlgorithm.HS256)));
        String stored = server.services().stores().clients().find("hmac").orElseThrow().sealedSecret();
        assertThat(stored).isNotNull().doesNotContain(secret);
    }

    @Test
    void jwtMethodsWorkOnIntrospectionAndRevocation() {
        String token = clientCredentials(ClientAssertions.of("signer", tokenUrl).sign(rsa, JWSAlgorithm.RS256))
                .json().get("access_token").asText();
        TestServer.Response active = server.form("/oauth/introspect", "token=" + token + "&"
                + ClientAssertions.params(ClientAssertions.of("hmac", tokenUrl)
                        .mac("a-shared-secret-long-enough-for-hs512-which-needs-sixty-four-bytes", JWSAlgorithm.HS256)));
        assertThat(active.json().get("active").asBoolean()).isTrue();
        TestServer.Response revoked = server.form("/oauth/revoke", "token=" + token + "&" + ClientAssertions.params(
                ClientAssertions.of("signer", tokenUrl).sign(ec, JWSAlgorithm.ES256)));
        assertThat(revoked.status()).isEqualTo(200);
        TestServer.Response inactive = server.form("/oauth/introspect", "token=" + token + "&"
                + ClientAssertions.params(ClientAssertions.of("signer", tokenUrl).sign(ed, JWSAlgorithm.EdDSA)));
        assertThat(inactive.body()).isEqualTo("{\"active\":false}");
    }

    @Test
    void assertionWithWrongAudienceIsRejected() {
        assertRejected(clientCredentials(ClientAssertions.of("signer", "https://elsewhere.example/token")
                .sign(rsa, JWSAlgorithm.RS256)));
        assertRejected(clientCredentials(ClientAssertions.of("signer", "https://elsewhere.example/token")
                .sign(ed, JWSAlgorithm.EdDSA)));
        assertNothingWritten();
    }

    @Test
    void assertionNamingTheRevocationOrIntrospectionEndpointIsRejected() {
        for (String endpoint : List.of(server.url("/oauth/revoke"), server.url("/oauth/introspect"))) {
            assertRejected(clientCredentials(ClientAssertions.of("signer", endpoint).sign(rsa, JWSAlgorithm.RS256)));
            assertRejected(clientCredentials(ClientAssertions.of("signer", endpoint).sign(ed, JWSAlgorithm.EdDSA)));
            assertRejected(clientCredentials(ClientAssertions.of("hmac", endpoint).mac(HMAC_SECRET, JWSAlgorithm.HS256)));
        }
        assertRejected(server.form("/oauth/revoke", "token=anything&" + ClientAssertions.params(
                ClientAssertions.of("signer", server.url("/oauth/revoke")).sign(rsa, JWSAlgorithm.RS256))));
        assertRejected(server.form("/oauth/introspect", "token=anything&" + ClientAssertions.params(
                ClientAssertions.of("signer", server.url("/oauth/introspect")).sign(rsa, JWSAlgorithm.RS256))));
        assertNothingWritten();
    }

    @Test
    void assertionWithAnArrayAudienceIsRejected() {
        for (List<String> audience : List.of(List.of(tokenUrl), List.of(tokenUrl, server.tollgate.issuer()),
                List.of(tokenUrl, server.url("/oauth/introspect")))) {
            assertRejected(clientCredentials(ClientAssertions.of("signer", tokenUrl).rawAudience(audience)
                    .sign(rsa, JWSAlgorithm.RS256)));
            assertRejected(clientCredentials(ClientAssertions.of("signer", tokenUrl).rawAudience(audience)
                    .sign(ed, JWSAlgorithm.EdDSA)));
            assertRejected(clientCredentials(ClientAssertions.of("hmac", tokenUrl).rawAudience(audience)
                    .mac(HMAC_SECRET, JWSAlgorithm.HS256)));
        }
        assertNothingWritten();
    }

    @Test
    void replayAfterThePurgeIsRejected() {
        // expired, but within the accepted clock skew
        String rs256 = ClientAssertions.of("signer", tokenUrl).expiresIn(-30).sign(rsa, JWSAlgorithm.RS256);
        String eddsa = ClientAssertions.of("signer", tokenUrl).expiresIn(-30).sign(ed, JWSAlgorithm.EdDSA);
        assertThat(clientCredentials(rs256).status()).isEqualTo(200);
        assertThat(clientCredentials(eddsa).status()).isEqualTo(200);
        server.services().stores().assertionJtis().purgeExpired(Instant.now().getEpochSecond());
        assertRejected(clientCredentials(rs256));
        assertRejected(clientCredentials(eddsa));
    }

    @Test
    void expiredAssertionIsRejected() {
        assertRejected(clientCredentials(ClientAssertions.of("signer", tokenUrl).expiresIn(-60).sign(rsa, JWSAlgorithm.RS256)));
        assertRejected(clientCredentials(ClientAssertions.of("signer", tokenUrl).expiresIn(-60).sign(ed, JWSAlgorithm.EdDSA)));
        assertNothingWritten();
    }

    @Test
    void assertionLivingTooLongIsRejected() {
        assertRejected(clientCredentials(ClientAssertions.of("signer", tokenUrl).expiresIn(3600).sign(rsa, JWSAlgorithm.RS256)));
        assertRejected(clientCredentials(ClientAssertions.of("signer", tokenUrl).expiresIn(3600).sign(ed, JWSAlgorithm.EdDSA)));
        assertNothingWritten();
    }

    @Test
    void replayedJtiIsRejected() {
        String assertion = ClientAssertions.of("signer", tokenUrl).sign(rsa, JWSAlgorithm.RS256);
        assertThat(clientCredentials(assertion).status()).isEqualTo(200);
        assertRejected(clientCredentials(assertion));
        String eddsa = ClientAssertions.of("signer", tokenUrl).sign(ed, JWSAlgorithm.EdDSA);
        assertThat(clientCredentials(eddsa).status()).isEqualTo(200);
        assertRejected(clientCredentials(eddsa));
        assertThat(server.count("client_assertion_jtis")).isEqualTo(jtisBefore + 2);
    }

    @Test
    void unknownKidForeignKeyNoneAndHmacAreRejected() {
        assertRejected(clientCredentials(ClientAssertions.of("signer", tokenUrl).kid("no-such-kid").sign(rsa, JWSAlgorithm.RS256)));
        assertRejected(clientCredentials(ClientAssertions.of("signer", tokenUrl).sign(stranger, JWSAlgorithm.RS256)));
        assertRejected(clientCredentials(ClientAssertions.of("signer", tokenUrl).unsigned()));
        assertRejected(clientCredentials(ClientAssertions.of("signer", tokenUrl)
                .mac("a-shared-secret-long-enough-for-hs512-which-needs-sixty-four-bytes", JWSAlgorithm.HS256)));
        assertRejected(clientCredentials(ClientAssertions.of("signer", tokenUrl).sign(rsa, JWSAlgorithm.RS512)));
        assertRejected(clientCredentials(ClientAssertions.of("signer", tokenUrl).issuer("hmac").sign(rsa, JWSAlgorithm.RS256)));
        assertRejected(clientCredentials(ClientAssertions.of("nobody", tokenUrl).sign(rsa, JWSAlgorithm.RS256)));
        assertRejected(server.form("/oauth/token", "grant_type=client_credentials&client_assertion_type=wrong&client_assertion="
                + ClientAssertions.of("signer", tokenUrl).sign(rsa, JWSAlgorithm.RS256)));
        assertNothingWritten();
    }

    @Test
    void methodNotRegisteredIsRejected() {
        assertRejected(server.form("/oauth/token",
                "grant_type=client_credentials&client_id=basic-only&client_secret=basic-secret"));
        assertThat(server.form("/oauth/token", "grant_type=client_credentials",
                "Authorization", TestServer.basic("basic-only", "basic-secret")).status()).isEqualTo(200);
        assertRejected(server.form("/oauth/token", "grant_type=client_credentials",
                "Authorization", TestServer.basic("hmac", "a-shared-secret-long-enough-for-hs512-which-needs-sixty-four-bytes")));
        assertRejected(server.form("/oauth/token", "grant_type=client_credentials&client_id=signer"));
        assertNothingWritten();
    }

    @Test
    void twoMethodsAtOnceIsInvalidRequest() {
        TokenEndpointErrorTest.assertError(server.form("/oauth/token", "grant_type=client_credentials&"
                        + ClientAssertions.params(ClientAssertions.of("signer", tokenUrl).sign(rsa, JWSAlgorithm.RS256)),
                "Authorization", TestServer.basic("basic-only", "basic-secret")), 400, "invalid_request");
        assertNothingWritten();
    }

    @Test
    void publicClientAskingForClientCredentialsIsUnauthorized() {
        TokenEndpointErrorTest.assertError(server.form("/oauth/token", "grant_type=client_credentials&client_id=native"),
                400, "unauthorized_client");
        assertThat(server.form("/oauth/token",
                "grant_type=password&client_id=native&username=jane.doe@example.com&password=example-password").status())
                .isEqualTo(200);
    }

    @Test
    void jwksUriIsFetchedCachedAndRefetchedForAnUnknownKid() {
        assertThat(clientCredentials(ClientAssertions.of("remote", tokenUrl).sign(remoteFirst, JWSAlgorithm.RS256)).status())
                .isEqualTo(200);
        int afterFirst = fetches.get();
        assertThat(clientCredentials(ClientAssertions.of("remote", tokenUrl).sign(remoteFirst, JWSAlgorithm.RS256)).status())
                .isEqualTo(200);
        assertThat(fetches.get()).as("cached").isEqualTo(afterFirst);
        served.set(new JWKSet(List.of(remoteFirst.toPublicJWK(), remoteSecond.toPublicJWK())).toString());
        assertThat(clientCredentials(ClientAssertions.of("remote", tokenUrl).sign(remoteSecond, JWSAlgorithm.RS256)).status())
                .isEqualTo(200);
        assertThat(fetches.get()).as("refetched for the new kid").isGreaterThan(afterFirst);
    }

    @Test
    void metadataListsMethodsAndAlgorithms() {
        var json = server.get("/.well-known/oauth-authorization-server").json();
        for (String field : new String[] {"token_endpoint_auth_methods_supported", "revocation_endpoint_auth_methods_supported"}) {
            assertThat(json.get(field).toString()).contains("client_secret_basic", "client_secret_post",
                    "client_secret_jwt", "private_key_jwt", "none");
        }
        assertThat(json.get("introspection_endpoint_auth_methods_supported").toString())
                .contains("private_key_jwt", "client_secret_jwt").doesNotContain("none");
        for (String field : new String[] {"token_endpoint_auth_signing_alg_values_supported",
                "revocation_endpoint_auth_signing_alg_values_supported",
                "introspection_endpoint_auth_signing_alg_values_supported"}) {
            assertThat(json.get(field).toString()).contains("RS256", "PS256", "ES256", "EdDSA", "HS256")
                    .doesNotContain("none");
        }
    }
}
