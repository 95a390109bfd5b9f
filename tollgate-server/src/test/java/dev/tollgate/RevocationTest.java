package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Token revocation (RFC 7009) at /oauth/revoke. */
class RevocationTest {
    static final String CONFIG = Toml.config()
            .client("app", "scopes", Toml.list("read", "orders:read"), "can_introspect", true)
            .client("other", "scopes", Toml.list("read"))
            .publicClient("mobile", "grant_types", Toml.list("password", "refresh_token"), "scopes", Toml.list("read"))
            .client("gateway", "grant_types", Toml.list("client_credentials"))
            .api("https://api.example.com/orders", "scopes", Toml.list("orders:read"), "token_format", "opaque")
            .user("alice", "scopes", Toml.list("read", "orders:read"))
            .toString();
    static final String APP = TestServer.basic("app", "app-secret");
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(CONFIG);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode login(String extra) {
        return server.login("alice", "alice-password", extra);
    }

    static TestServer.Response refresh(String token) {
        return server.form("/oauth/token", "grant_type=refresh_token&refresh_token=" + token, "Authorization", APP);
    }

    static boolean active(String token) {
        return server.form("/oauth/introspect", "token=" + token,
                "Authorization", APP).json().get("active").asBoolean();
    }

    static void assertRevokeOk(TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void revokeRefreshTokenRevokesItsFamily() {
        JsonNode tokens = login("");
        JsonNode refreshed = refresh(tokens.get("refresh_token").asText()).json();
        assertRevokeOk(server.form("/oauth/revoke", "token=" + refreshed.get("refresh_token").asText()
                + "&token_type_hint=refresh_token", "Authorization", APP));
        assertThat(active(refreshed.get("refresh_token").asText())).isFalse();
        assertThat(active(refreshed.get("access_token").asText())).isFalse();
        assertThat(active(tokens.get("access_token").asText())).isFalse();
        assertThat(refresh(refreshed.get("refresh_token").asText()).error())
                .isEqualTo("invalid_grant");
    }

    @Test
    void revokeJwtAccessTokenDeactivatesOnlyIt() {
        JsonNode tokens = login("");
        JsonNode other = login("");
        assertRevokeOk(server.form("/oauth/revoke", "token=" + tokens.get("access_token").asText(), "Authorization", APP));
        assertThat(active(tokens.get("access_token").asText())).isFalse();
        assertThat(active(other.get("access_token").asText())).isTrue();
        assertThat(active(tokens.get("refresh_token").asText())).isTrue();
        assertRevokeOk(server.form("/oauth/revoke", "token=" + tokens.get("access_token").asText(), "Authorization", APP));
    }

    @Test
    void concurrentRevocationsOfOneJwtAllSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        // no per-address limit: the burst of revocations is the point
        try (TestServer busy = TestServer.start(CONFIG, Map.of("brute_force.ip_requests_per_minute", "0"))) {
            for (int round = 0; round < 8; round++) {
                String token = busy.login("alice", "alice-password", "").get("access_token").asText();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<TestServer.Response>> answers = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return busy.form("/oauth/revoke", "token=" + token, "Authorization", APP);
                    }));
                }
                start.countDown();
                for (Future<TestServer.Response> answer : answers) {
                    assertRevokeOk(answer.get(30, TimeUnit.SECONDS));
                }
                assertThat(busy.count("revoked_jwt_ids")).isEqualTo(round + 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void revokeOpaqueAccessToken() {
        String token = login("&audience=https://api.example.com/orders&scope=orders:read").get("access_token").asText();
        assertThat(active(token)).isTrue();
        assertRevokeOk(server.form("/oauth/revoke", "token=" + token + "&token_type_hint=access_token",
                "Authorization", APP));
        assertThat(active(token)).isFalse();
    }

    @Test
    void revokeOtherClientsTokenIsIgnored() {
        JsonNode tokens = login("&audience=https://api.example.com/orders&scope=orders:read");
        JsonNode jwt = login("");
        String other = TestServer.basic("other", "other-secret");
        assertRevokeOk(server.form("/oauth/revoke", "token=" + tokens.get("access_token").asText(), "Authorization", other));
        assertRevokeOk(server.form("/oauth/revoke", "token=" + jwt.get("access_token").asText(), "Authorization", other));
        assertRevokeOk(server.form("/oauth/revoke", "token=" + jwt.get("refresh_token").asText(), "Authorization", other));
        assertThat(active(tokens.get("access_token").asText())).isTrue();
        assertThat(active(jwt.get("access_token").asText())).isTrue();
        assertThat(active(jwt.get("refresh_token").asText())).isTrue();
    }

    @Test
    void revokeByPublicClientOfItsOwnToken() {
        TestServer.Response login = server.form("/oauth/token",
                "grant_type=password&client_id=mobile&username=alice&password=alice-password");
        String refresh = login.json().get("refresh_token").asText();
        String access = login.json().get("access_token").asText();
        assertThat(active(access)).isTrue();
        assertRevokeOk(server.form("/oauth/revoke", "client_id=mobile&token=" + refresh));
        // only its own client may introspect a refresh token, and a public client may not introspect:
        // the revocation shows in the refresh grant and in the login's access token
        TokenEndpointErrorTest.assertError(server.form("/oauth/token",
                "grant_type=refresh_token&client_id=mobile&refresh_token=" + refresh), 400, "invalid_grant");
        assertThat(active(access)).as("the login's access token goes with it").isFalse();
    }

    @Test
    void revokeUnknownTokenIs200AndWritesNothing() {
        long families = server.count("token_families WHERE revoked_at IS NOT NULL");
        long jtis = server.count("revoked_jwt_ids");
        assertRevokeOk(server.form("/oauth/revoke", "token=unknown", "Authorization", APP));
        assertRevokeOk(server.form("/oauth/revoke", "token=a.b.c", "Authorization", APP));
        assertRevokeOk(server.form("/oauth/revoke", "token=unknown&token_type_hint=something_else", "Authorization", APP));
        assertThat(server.count("token_families WHERE revoked_at IS NOT NULL")).isEqualTo(families);
        assertThat(server.count("revoked_jwt_ids")).isEqualTo(jtis);
    }

    @Test
    void revokeWithoutClientAuthenticationIs401() {
        String token = login("").get("refresh_token").asText();
        TokenEndpointErrorTest.assertError(server.form("/oauth/revoke", "token=" + token), 401, "invalid_client");
        TokenEndpointErrorTest.assertError(server.form("/oauth/revoke", "token=" + token,
                "Authorization", TestServer.basic("app", "wrong")), 401, "invalid_client");
        assertThat(active(token)).isTrue();
    }

    @Test
    void revokeWhenTokenMissingOrRepeatedThenInvalidRequest() {
        TokenEndpointErrorTest.assertError(server.form("/oauth/revoke", "token_type_hint=refresh_token",
                "Authorization", APP), 400, "invalid_request");
        TokenEndpointErrorTest.assertError(server.form("/oauth/revoke", "token=a&token=b", "Authorization", APP),
                400, "invalid_request");
        TokenEndpointErrorTest.assertError(server.form("/oauth/revoke?token=a", "", "Authorization", APP),
                400, "invalid_request");
        TokenEndpointErrorTest.assertError(server.get("/oauth/revoke"), 405, "invalid_request");
    }
}
