package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Token introspection (RFC 7662) of JWT and opaque access tokens and of refresh tokens. */
class IntrospectionTest {
    static final String CONFIG = Toml.config()
            .client("app", "scopes", Toml.list("read", "write", "orders:read"), "can_introspect", true)
            .client("gateway", "grant_types", Toml.list("client_credentials"))
            .client("reader", "scopes", Toml.list("read"))
            .client("sealed-gateway", "grant_types", Toml.list("client_credentials"), "can_introspect", false)
            .publicClient("native", "grant_types", Toml.list("password"), "scopes", Toml.list("read"))
            .api("https://api.example.com/orders", "scopes", Toml.list("orders:read"), "token_format", "opaque")
            .user("alice", "scopes", Toml.list("read", "write", "orders:read"))
            .toString();
    static final String GATEWAY = TestServer.basic("gateway", "gateway-secret");
    static final String APP = TestServer.basic("app", "app-secret");
    static final MovableClock CLOCK = new MovableClock();
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(CONFIG, Map.of(), CLOCK);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode login(String extra) {
        return server.login("alice", "alice-password", extra);
    }

    static TestServer.Response introspect(String body) {
        return introspect(GATEWAY, body);
    }

    static TestServer.Response introspect(String authorization, String body) {
        return server.form("/oauth/introspect", body, "Authorization", authorization);
    }

    static void assertInactive(TestServer.Response response) {
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"active\":false}");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void introspectWhenJwtActiveThenFullResponse() {
        JsonNode tokens = login("&scope=read%20write");
        TestServer.Response response = introspect("token=" + tokens.get("access_token").asText());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        JsonNode json = response.json();
        String aliceId = server.services().stores().users().findByUsername("alice").orElseThrow().id();
        assertThat(json.get("active").asBoolean()).isTrue();
        assertThat(json.get("scope").asText()).isEqualTo("read write");
        assertThat(json.get("client_id").asText()).isEqualTo("app");
        assertThat(json.get("username").asText()).isEqualTo("alice");
        assertThat(json.get("sub").asText()).isEqualTo(aliceId);
        assertThat(json.get("aud").asText()).isEqualTo(server.tollgate.issuer());
        assertThat(json.get("iss").asText()).isEqualTo(server.tollgate.issuer());
        assertThat(json.get("exp").asLong() - json.get("iat").asLong()).isEqualTo(3600);
        assertThat(json.get("token_type").asText()).isEqualTo("Bearer");
    }

    @Test
    void introspectWhenOpaqueActiveThenFullResponse() {
        JsonNode tokens = login("&audience=https://api.example.com/orders&scope=orders:read");
        String token = tokens.get("access_token").asText();
        assertThat(token).doesNotContain(".");
        JsonNode json = introspect("token=" + token).json();
        assertThat(json.get("active").asBoolean()).isTrue();
        assertThat(json.get("aud").asText()).isEqualTo("https://api.example.com/orders");
        assertThat(json.get("scope").asText()).isEqualTo("orders:read");
        assertThat(json.get("username").asText()).isEqualTo("alice");
        assertThat(json.get("client_id").asText()).isEqualTo("app");
        assertThat(json.get("token_type").asText()).isEqualTo("Bearer");
    }

    @Test
    void introspectWhenRefreshTokenThenActiveAsRefreshToken() {
        JsonNode tokens = login("");
        for (String hint : new String[] {"", "&token_type_hint=refresh_token", "&token_type_hint=access_token"}) {
            JsonNode json = introspect(APP, "token=" + tokens.get("refresh_token").asText() + hint).json();
            assertThat(json.get("active").asBoolean()).isTrue();
            assertThat(json.get("token_type").asText()).isEqualTo("refresh_token");
            assertThat(json.get("username").asText()).isEqualTo("alice");
            assertThat(json.get("client_id").asText()).isEqualTo("app");
        }
        JsonNode json = introspect("token=" + tokens.get("access_token").asText() + "&token_type_hint=refresh_token").json();
        assertThat(json.get("token_type").asText()).isEqualTo("Bearer");
    }

    @Test
    void introspectWhenExpiredThenInactive() {
        JsonNode tokens = login("");
        JsonNode opaque = login("&audience=https://api.example.com/orders");
        CLOCK.advance(Duration.ofSeconds(3601));
        assertInactive(introspect("token=" + tokens.get("access_token").asText()));
        assertInactive(introspect("token=" + opaque.get("access_token").asText()));
        assertThat(introspect(APP, "token=" + tokens.get("refresh_token").asText()).json().get("active").asBoolean())
                .as("refresh tokens live longer").isTrue();
    }

    @Test
    void introspectWhenGarbageOrForeignThenInactive() throws Exception {
        assertInactive(introspect("token=garbage"));
        assertInactive(introspect("token=a.b.c"));
        assertInactive(introspect("token=" + "x".repeat(3000)));
        String access = login("").get("access_token").asText();
        assertThat(introspect("token=" + access).json().get("active").asBoolean())
                .as("verified, and its claims kept for a second").isTrue();
        String[] parts = access.split("\\.");
        assertInactive(introspect("token=" + parts[0] + "." + parts[1] + ".AAAA"));
        assertInactive(introspect("token=" + access.substring(0, access.length() - 2)));

        RSAKey foreign = new RSAKeyGenerator(2048).keyID(SignedJWT.parse(access).getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
                .keyID(foreign.getKeyID()).build(), new JWTClaimsSet.Builder()
                .issuer(server.tollgate.issuer()).subject("x").jwtID("forged").claim("client_id", "app")
                .expirationTime(new Date(System.currentTimeMillis() + 3_600_000)).build());
        forged.sign(new RSASSASigner(foreign));
        assertInactive(introspect("token=" + forged.serialize()));
    }

    @Test
    void introspectWhenNoOrPublicClientThen401() {
        String access = login("").get("access_token").asText();
        TokenEndpointErrorTest.assertError(server.form("/oauth/introspect", "token=" + access), 401, "invalid_client");
        TokenEndpointErrorTest.assertError(server.form("/oauth/introspect", "token=" + access + "&client_id=native"),
                401, "invalid_client");
        TokenEndpointErrorTest.assertError(server.form("/oauth/introspect", "token=" + access,
                "Authorization", TestServer.basic("gateway", "wrong")), 401, "invalid_client");
    }

    @Test
    void introspectWhenRefreshTokenOfAnotherClientThenInactive() {
        String refresh = login("").get("refresh_token").asText();
        for (String hint : new String[] {"", "&token_type_hint=refresh_token", "&token_type_hint=access_token"}) {
            assertInactive(introspect("token=" + refresh + hint));
            assertThat(introspect(APP, "token=" + refresh + hint).json().get("active").asBoolean()).isTrue();
        }
    }

    @Test
    void introspectWhenClientMayNotThen401() {
        JsonNode tokens = login("");
        String reader = TestServer.basic("reader", "reader-secret");
        String sealed = TestServer.basic("sealed-gateway", "sealed-gateway-secret");
        for (String authorization : new String[] {reader, sealed}) {
            TokenEndpointErrorTest.assertError(introspect(authorization, "token=" + tokens.get("access_token").asText()),
                    401, "invalid_client");
            TokenEndpointErrorTest.assertError(introspect(authorization, "token=garbage"), 401, "invalid_client");
        }
        String own = server.form("/oauth/token", "grant_type=password&username=alice&password=alice-password",
                "Authorization", reader).json().get("refresh_token").asText();
        TokenEndpointErrorTest.assertError(introspect(reader, "token=" + own), 401, "invalid_client");
        assertThat(introspect(APP, "token=" + tokens.get("access_token").asText()).json().get("active").asBoolean())
                .as("allowed by can_introspect").isTrue();
    }

    @Test
    void publicClientWithCanIntrospectIsRefusedAtStart() {
        assertThatThrownBy(() -> TestServer.start(Toml.config()
                .publicClient("native", "grant_types", Toml.list("password"), "can_introspect", true).toString()))
                .hasMessageContaining("can_introspect");
    }

    @Test
    void introspectWhenTokenMissingOrRepeatedThenInvalidRequest() {
        TokenEndpointErrorTest.assertError(introspect("token_type_hint=access_token"), 400, "invalid_request");
        TokenEndpointErrorTest.assertError(introspect("token=a&token=b"), 400, "invalid_request");
        TokenEndpointErrorTest.assertError(server.get("/oauth/introspect"), 405, "invalid_request");
    }
}
