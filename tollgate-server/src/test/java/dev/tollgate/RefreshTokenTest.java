package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.tollgate.admin.UserSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The refresh token grant: rotation, reuse detection, atomicity, client binding, scope narrowing, expiry. */
class RefreshTokenTest {
    static final String CONFIG = Toml.config()
            .client("app", "scopes", Toml.list("read", "write"), "can_introspect", true)
            .client("other", "scopes", Toml.list("read", "write"))
            .client("oracle", "scopes", Toml.list("read", "offline_access"), "refresh_token_policy", "offline_access")
            .publicClient("mobile", "grant_types", Toml.list("password", "refresh_token"), "scopes", Toml.list("read"))
            .client("introspector", "grant_types", Toml.list("client_credentials"))
            .user("alice", "scopes", Toml.list("read", "write"))
            .user("bob", "scopes", Toml.list("read"))
            .toString();
    static final String APP = TestServer.basic("app", "app-secret");
    static final MovableClock CLOCK = new MovableClock();
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(CONFIG, Map.of(
                "tokens.refresh_token_ttl", "3600",
                "tokens.refresh_token_max_lifetime", "7200"), CLOCK);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode login(String username, String password) {
        return server.login(username, password, "");
    }

    static TestServer.Response refresh(String token, String authorization, String extra) {
        return server.form("/oauth/token", "grant_type=refresh_token&refresh_token=" + token + extra,
                "Authorization", authorization);
    }

    static boolean active(String token) {
        TestServer.Response response = server.form("/oauth/introspect", "token=" + token,
                "Authorization", TestServer.basic("app", "app-secret"));
        assertThat(response.status()).isEqualTo(200);
        return response.json().get("active").asBoolean();
    }

    @Test
    void refreshWhenValidThenRotates() {
        JsonNode first = login("alice", "alice-password");
        TestServer.Response response = refresh(first.get("refresh_token").asText(), APP, "");
        SeedRequestTest.assertToken(response);
        JsonNode second = response.json();
        assertThat(second.get("refresh_token").asText()).isNotEqualTo(first.get("refresh_token").asText());
        assertThat(second.get("scope").asText()).isEqualTo("read write");
        JWTClaimsSet original = AccessTokenTest.claims(first);
        JWTClaimsSet refreshed = AccessTokenTest.claims(second);
        assertThat(refreshed.getSubject()).isEqualTo(original.getSubject());
        assertThat(refreshed.getClaim("sid")).isEqualTo(original.getClaim("sid")).isNotNull();
        assertThat(refresh(second.get("refresh_token").asText(), APP, "").status()).isEqualTo(200);
    }

    @Test
    void refreshWhenReusedThenInvalidGrantAndWholeFamilyRevoked() {
        JsonNode first = login("alice", "alice-password");
        JsonNode second = refresh(first.get("refresh_token").asText(), APP, "").json();
        assertThat(active(second.get("access_token").asText())).isTrue();

        TestServer.Response reuse = refresh(first.get("refresh_token").asText(), APP, "");
        TokenEndpointErrorTest.assertError(reuse, 400, "invalid_grant");

        TokenEndpointErrorTest.assertError(refresh(second.get("refresh_token").asText(), APP, ""), 400, "invalid_grant");
        assertThat(active(second.get("access_token").asText())).isFalse();
        assertThat(active(first.get("access_token").asText())).isFalse();
        assertThat(active(second.get("refresh_token").asText())).isFalse();
        JsonNode unrelated = login("alice", "alice-password");
        assertThat(active(unrelated.get("access_token").asText())).as("other logins unaffected").isTrue();
    }

    @Test
    void refreshWhenRacedThenExactlyOneSucceeds() throws Exception {
        String token = login("alice", "alice-password").get("refresh_token").asText();
        int threads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TestServer.Response>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return refresh(token, APP, "");
            }));
        }
        go.countDown();
        int ok = 0;
        for (Future<TestServer.Response> result : results) {
            TestServer.Response response = result.get();
            if (response.status() == 200) {
                ok++;
            } else {
                assertThat(response.status()).as(response.body()).isEqualTo(400);
                assertThat(response.error()).isEqualTo("invalid_grant");
            }
        }
        pool.shutdown();
        assertThat(ok).isEqualTo(1);
    }

    @Test
    void refreshWhenOtherClientThenInvalidGrantAndTokenStillUsable() {
        String token = login("alice", "alice-password").get("refresh_token").asText();
        long rows = server.count("refresh_tokens");
        TokenEndpointErrorTest.assertError(refresh(token, TestServer.basic("other", "other-secret"), ""),
                400, "invalid_grant");
        assertThat(server.count("refresh_tokens")).isEqualTo(rows);
        assertThat(refresh(token, APP, "").status()).isEqualTo(200);
    }

    @Test
    void refreshMayNarrowScopeButNotWiden() {
        JsonNode first = login("alice", "alice-password");
        TestServer.Response narrowed = refresh(first.get("refresh_token").asText(), APP, "&scope=read");
        assertThat(narrowed.status()).isEqualTo(200);
        assertThat(narrowed.json().get("scope").asText()).isEqualTo("read");
        assertThat(AccessTokenTest.claims(narrowed.json()).getClaim("scope")).isEqualTo("read");
        TestServer.Response again = refresh(narrowed.json().get("refresh_token").asText(), APP, "");
        assertThat(again.json().get("scope").asText()).as("the refresh token keeps its scope").isEqualTo("read write");

        JsonNode bob = login("bob", "bob-password");
        TokenEndpointErrorTest.assertError(refresh(bob.get("refresh_token").asText(), APP, "&scope=read%20write"),
                400, "invalid_scope");
        assertThat(refresh(bob.get("refresh_token").asText(), APP, "").status()).as("not consumed").isEqualTo(200);
    }

    @Test
    void refreshWhenExpiredThenInvalidGrant() {
        String idle = login("alice", "alice-password").get("refresh_token").asText();
        String busy = login("alice", "alice-password").get("refresh_token").asText();
        // busy refreshes every 50 minutes: the sliding expiry (60 min) keeps it alive, the cap (120 min) ends it
        for (int i = 0; i < 2; i++) {
            CLOCK.advance(Duration.ofMinutes(50));
            TestServer.Response response = refresh(busy, APP, "");
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            busy = response.json().get("refresh_token").asText();
        }
        TokenEndpointErrorTest.assertError(refresh(idle, APP, ""), 400, "invalid_grant");
        CLOCK.advance(Duration.ofMinutes(21));
        TokenEndpointErrorTest.assertError(refresh(busy, APP, ""), 400, "invalid_grant");
    }

    @Test
    void offlineAccessPolicyIssuesRefreshTokenOnlyWhenAskedFor() {
        String oracle = TestServer.basic("oracle", "oracle-secret");
        TestServer.Response without = server.form("/oauth/token",
                "grant_type=password&username=bob&password=bob-password&scope=read", "Authorization", oracle);
        assertThat(without.status()).isEqualTo(200);
        assertThat(without.json().has("refresh_token")).isFalse();
        TestServer.Response with = server.form("/oauth/token",
                "grant_type=password&username=bob&password=bob-password&scope=read%20offline_access",
                "Authorization", oracle);
        assertThat(with.status()).isEqualTo(200);
        assertThat(with.json().get("refresh_token").asText()).isNotBlank();
        assertThat(with.json().get("scope").asText()).isEqualTo("offline_access read");
        assertThat(refresh(with.json().get("refresh_token").asText(), oracle, "").status()).isEqualTo(200);
    }

    @Test
    void publicClientRefreshRotates() {
        TestServer.Response login = server.form("/oauth/token",
                "grant_type=password&client_id=mobile&username=bob&password=bob-password");
        assertThat(login.status()).isEqualTo(200);
        String first = login.json().get("refresh_token").asText();
        TestServer.Response refreshed = server.form("/oauth/token",
                "grant_type=refresh_token&client_id=mobile&refresh_token=" + first);
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.json().get("refresh_token").asText()).isNotEqualTo(first);
        assertThat(server.form("/oauth/token", "grant_type=refresh_token&client_id=mobile&refresh_token=" + first)
                .error()).isEqualTo("invalid_grant");
    }

    @Test
    void refreshWhenBadInputThenRfcErrorsAndNothingWritten() {
        String accessToken = login("bob", "bob-password").get("access_token").asText();
        String token = login("bob", "bob-password").get("refresh_token").asText();
        long rows = server.count("refresh_tokens");
        long families = server.count("token_families WHERE revoked_at IS NULL");
        TokenEndpointErrorTest.assertError(server.form("/oauth/token", "grant_type=refresh_token", "Authorization", APP),
                400, "invalid_request").contains("refresh_token");
        TokenEndpointErrorTest.assertError(refresh("garbage", APP, ""), 400, "invalid_grant");
        TokenEndpointErrorTest.assertError(refresh(accessToken, APP, ""), 400, "invalid_grant");
        TokenEndpointErrorTest.assertError(refresh(token, APP, "&refresh_token=" + token), 400, "invalid_request");
        TokenEndpointErrorTest.assertError(refresh(token, APP, "&audience=https://elsewhere.example"),
                400, "invalid_target");
        TokenEndpointErrorTest.assertError(refresh(token, APP, "&scope=admin"), 400, "invalid_scope");
        assertThat(server.count("refresh_tokens")).isEqualTo(rows);
        assertThat(server.count("token_families WHERE revoked_at IS NULL")).isEqualTo(families);
        assertThat(refresh(token, APP, "").status()).isEqualTo(200);
    }

    @Test
    void refreshAfterUserRemovedThenInvalidGrant() {
        server.users().add(new UserSpec("carol", java.util.List.of("read"), null), "carol-password");
        String token = login("carol", "carol-password").get("refresh_token").asText();
        server.users().remove("carol");
        TokenEndpointErrorTest.assertError(refresh(token, APP, ""), 400, "invalid_grant");
    }
}
