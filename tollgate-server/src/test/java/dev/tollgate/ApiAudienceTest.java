package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** APIs selected by audience (Auth0) or resource (RFC 8707): aud, scopes, format, lifetime, algorithm. */
class ApiAudienceTest {
    static final String CONFIG = Toml.config()
            .client("app", "scopes", Toml.list("read", "orders:read", "orders:write", "reports:read", "billing:read", "openid"),
                    "can_introspect", true,
                    "access_token_ttl", 900)
            .api("https://api.example.com/orders", "scopes", Toml.list("orders:read", "orders:write"),
                    "access_token_ttl", 300)
            .api("https://api.example.com/reports", "scopes", Toml.list("reports:read"), "signing_alg", "ES256")
            .api("urn:example:billing", "scopes", Toml.list("billing:read"), "signing_alg", "EdDSA")
            .api("urn:example:stock", "scopes", Toml.list("read"), "token_typ", "JWT")
            .user("alice", "scopes", Toml.list("read", "orders:read", "reports:read", "billing:read"))
            .toString();
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(CONFIG);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TestServer.Response token(String extra) {
        return server.form("/oauth/token", "grant_type=password&username=alice&password=alice-password" + extra,
                "Authorization", TestServer.basic("app", "app-secret"));
    }

    @Test
    void audienceSelectsApiForAudScopesAndLifetime() {
        TestServer.Response response = token("&audience=https://api.example.com/orders");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode json = response.json();
        assertThat(json.get("scope").asText()).as("client, API and user scopes met").isEqualTo("orders:read");
        assertThat(json.get("expires_in").asLong()).as("the API's lifetime wins").isEqualTo(300);
        assertThat(AccessTokenTest.claims(json).getAudience()).containsExactly("https://api.example.com/orders");
    }

    @Test
    void resourceParameterSelectsApiToo() {
        TestServer.Response response = token("&resource=https://api.example.com/orders&scope=orders:read");
        assertThat(response.status()).isEqualTo(200);
        assertThat(AccessTokenTest.claims(response.json()).getAudience()).containsExactly("https://api.example.com/orders");
        assertThat(token("&resource=https://api.example.com/orders&audience=https://api.example.com/orders").status())
                .isEqualTo(200);
    }

    @Test
    void withoutAudienceTheClientLifetimeApplies() {
        assertThat(token("").json().get("expires_in").asLong()).isEqualTo(900);
    }

    @Test
    void scopeOutsideTheApiIsInvalidScope() {
        TokenEndpointErrorTest.assertError(token("&audience=https://api.example.com/orders&scope=reports:read"),
                400, "invalid_scope").contains("https://api.example.com/orders");
    }

    @Test
    void unknownOrMalformedTargetIsInvalidTarget() {
        TokenEndpointErrorTest.assertError(token("&audience=https://unknown.example.com"), 400, "invalid_target");
        TokenEndpointErrorTest.assertError(token("&resource=relative/path"), 400, "invalid_target");
        TokenEndpointErrorTest.assertError(token("&resource=https://api.example.com/orders%23frag"), 400, "invalid_target");
        TokenEndpointErrorTest.assertError(token("&resource=https://api.example.com/orders&audience=urn:example:billing"),
                400, "invalid_target");
    }

    @Test
    void es256ApiTokensVerifyAgainstJwks() throws Exception {
        assertSignedWith(token("&audience=https://api.example.com/reports"), JWSAlgorithm.ES256);
    }

    @Test
    void eddsaApiTokensVerifyAgainstJwks() throws Exception {
        assertSignedWith(token("&audience=urn:example:billing"), JWSAlgorithm.EdDSA);
    }

    @Test
    void anApiCanAskForTypJwtInsteadOfAtJwt() throws Exception {
        TestServer.Response plain = token("&audience=urn:example:stock");
        assertThat(plain.status()).as(plain.body()).isEqualTo(200);
        SignedJWT jwt = SignedJWT.parse(plain.json().get("access_token").asText());
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
        assertThat(SignedJWT.parse(token("&audience=https://api.example.com/orders").json().get("access_token").asText())
                .getHeader().getType().getType()).as("the default stays RFC 9068's").isEqualTo("at+jwt");
        JsonNode introspected = server.form("/oauth/introspect", "token=" + jwt.serialize(), "Authorization",
                TestServer.basic("app", "app-secret")).json();
        assertThat(introspected.get("active").asBoolean()).isTrue();
        assertThat(introspected.get("aud").toString()).contains("urn:example:stock");
    }

    @Test
    void anIdTokenIsNeverTakenForAnAccessToken() {
        TestServer.Response login = token("&scope=openid");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        String idToken = login.json().get("id_token").asText();
        assertThat(server.form("/oauth/introspect", "token=" + idToken, "Authorization",
                TestServer.basic("app", "app-secret")).json().get("active").asBoolean()).isFalse();
    }

    static void assertSignedWith(TestServer.Response response, JWSAlgorithm alg) throws Exception {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        SignedJWT jwt = SignedJWT.parse(response.json().get("access_token").asText());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(alg);
        JWK key = JWKSet.parse(server.get("/.well-known/jwks.json").body()).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key.isPrivate()).isFalse();
        JWSVerifier verifier = key instanceof ECKey ec ? new ECDSAVerifier(ec) : new Ed25519Verifier((OctetKeyPair) key);
        assertThat(jwt.verify(verifier)).isTrue();
        assertThat(server.form("/oauth/introspect", "token=" + jwt.serialize(), "Authorization",
                TestServer.basic("app", "app-secret")).json().get("active").asBoolean()).isTrue();
    }
}
