package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-client-IP token bucket of the endpoints that take credentials (token, revocation,
 * introspection, UserInfo), one bucket per address for all of them: 429 too_many_requests with Retry-After
 * past the limit. X-Forwarded-For counts only when the socket peer is a trusted proxy. The bursts
 * allowed are a tenth of the per-minute figure, and the refill at 10 or 20 a minute is slow
 * enough (one every 6 or 3 seconds) for these tests to see the buckets empty.
 */
class IpRateLimitTest {
    static TestServer start(int perMinute, String trustedProxies) {
        return TestServer.start(TestServer.APP_AND_ALICE, Map.of(
                "brute_force.ip_requests_per_minute", Integer.toString(perMinute),
                "server.trusted_proxies", trustedProxies));
    }

    /** An empty POST: the cheapest request the limit applies to (400 when let through). */
    static TestServer.Response hit(TestServer server, String... headers) {
        return server.form("/oauth/token", "", headers);
    }

    static void assertThrottled(TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(429);
        assertThat(response.error()).isEqualTo("too_many_requests");
        assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void tokenWhenIpOverLimitThenTooManyRequestsWhateverItForwards() {
        try (TestServer server = start(20, "")) {
            for (int i = 0; i < 2; i++) {
                assertThat(hit(server, "X-Forwarded-For", "203.0.113." + i).status()).isEqualTo(400);
            }
            assertThrottled(hit(server));
            assertThrottled(hit(server, "X-Forwarded-For", "198.51.100.1"));
            assertThrottled(server.passwordGrant("alice", "alice-password"));
            assertThrottled(server.form("/token", ""));
            assertThat(server.get("/health/live").status()).as("other endpoints are not limited").isEqualTo(200);
            assertThat(server.get("/.well-known/jwks.json").status()).isEqualTo(200);
        }
    }

    @Test
    void revokeIntrospectAndUserInfoWhenIpOverLimitThenTooManyRequestsAndNothingChanges() {
        try (TestServer server = start(10, "127.0.0.1")) {
            String token = server.login("alice", "alice-password", "").get("access_token").asText();
            String app = TestServer.basic("app", "app-secret");

            assertThat(server.form("/oauth/revoke", "token=unknown", "Authorization", app,
                    "X-Forwarded-For", "203.0.113.1").status()).isEqualTo(200);
            assertThrottled(server.form("/oauth/revoke", "token=" + token, "Authorization", app,
                    "X-Forwarded-For", "203.0.113.1"));

            assertThat(server.form("/oauth/introspect", "token=" + token, "Authorization", app,
                    "X-Forwarded-For", "203.0.113.2").json().get("active").asBoolean())
                    .as("the throttled revocation revoked nothing").isTrue();
            assertThrottled(server.form("/oauth/introspect", "token=" + token, "Authorization", app,
                    "X-Forwarded-For", "203.0.113.2"));
            assertThrottled(server.form("/oauth/introspect", "token=" + token, "Authorization",
                    TestServer.basic("app", "a-guess"), "X-Forwarded-For", "203.0.113.2"));

            assertThat(server.get("/userinfo", "Authorization", "Bearer " + token,
                    "X-Forwarded-For", "203.0.113.3").status()).isEqualTo(403);
            assertThrottled(server.get("/userinfo", "Authorization", "Bearer " + token,
                    "X-Forwarded-For", "203.0.113.3"));
            assertThrottled(server.form("/userinfo", "access_token=" + token, "X-Forwarded-For", "203.0.113.3"));

            assertThrottled(server.form("/oauth/token", "", "X-Forwarded-For", "203.0.113.3"));
        }
    }

    @Test
    void tokenWhenTwoClientsShareAnAddressThenEachHasItsOwnBucketAndFailedClientAuthenticationCountsOnTheAddress() {
        String config = Toml.config().client("app", "scopes", Toml.list("read")).client("other", "scopes", Toml.list("read"))
                .client("third", "scopes", Toml.list("read")).user("alice", "scopes", Toml.list("read")).toString();
        try (TestServer server = TestServer.start(config, Map.of("brute_force.ip_requests_per_minute", "10"))) {
            String body = "grant_type=password&username=alice&password=alice-password";
            assertThat(server.form("/oauth/token", body, "Authorization", TestServer.basic("app", "app-secret")).status())
                    .isEqualTo(200);
            assertThrottled(server.form("/oauth/token", body, "Authorization", TestServer.basic("app", "app-secret")));
            assertThat(server.form("/oauth/token", body, "Authorization", TestServer.basic("other", "other-secret"))
                    .status()).as("another client at the same address").isEqualTo(200);
            assertThat(server.form("/oauth/token", body, "Authorization", TestServer.basic("other", "wrong")).status())
                    .isEqualTo(401);
            // the failed client authentication spent the address's burst: a third client's request waits
            assertThrottled(server.form("/oauth/token", body, "Authorization", TestServer.basic("third", "third-secret")));
        }
    }

    @Test
    void tokenWhenPeerIsTrustedProxyThenEachForwardedClientHasItsOwnBucket() {
        try (TestServer server = start(10, "127.0.0.1")) {
            assertThat(hit(server, "X-Forwarded-For", "203.0.113.7").status()).isEqualTo(400);
            assertThrottled(hit(server, "X-Forwarded-For", "203.0.113.7"));
            assertThat(hit(server, "X-Forwarded-For", "203.0.113.8").status()).as("another client").isEqualTo(400);
            assertThat(server.passwordGrant("alice", "alice-password").status()).as("the proxy itself").isEqualTo(200);
            // a client cannot escape its bucket by prepending addresses: the proxy's entry is the rightmost
            assertThrottled(hit(server, "X-Forwarded-For", "192.0.2.55, 203.0.113.7"));
            assertThrottled(hit(server, "X-Forwarded-For", "not-an-address, 203.0.113.7"));
        }
    }

    @Test
    void tokenWhenChainOfTrustedProxiesThenClientIsFirstUntrustedFromTheRight() {
        try (TestServer server = start(10, "127.0.0.0/8, 10.0.0.0/8")) {
            assertThat(hit(server, "X-Forwarded-For", "203.0.113.9, 10.1.2.3").status()).isEqualTo(400);
            assertThrottled(hit(server, "X-Forwarded-For", "203.0.113.9"));
            assertThrottled(hit(server, "X-Forwarded-For", "203.0.113.9", "X-Forwarded-For", "10.9.9.9"));
            assertThat(hit(server, "X-Forwarded-For", "10.1.2.3").status()).as("a trusted proxy alone").isEqualTo(400);
        }
    }

    @Test
    void tokenWhenIpv6ClientsShareASlash64ThenTheyShareABucket() {
        try (TestServer server = start(10, "127.0.0.1")) {
            assertThat(hit(server, "X-Forwarded-For", "2001:db8:1:2::1").status()).isEqualTo(400);
            assertThrottled(hit(server, "X-Forwarded-For", "2001:db8:1:2::ffff"));
            assertThrottled(hit(server, "X-Forwarded-For", "2001:db8:1:2:abcd::9"));
            assertThat(hit(server, "X-Forwarded-For", "2001:db8:1:3::1").status()).as("another /64").isEqualTo(400);
        }
    }

    @Test
    void auditLogRecordsTheForwardedClientIpOnlyFromTrustedProxies() {
        try (TestServer trusting = start(0, "127.0.0.1")) {
            trusting.passwordGrant("alice", "alice-password");
            trusting.form("/oauth/token", "grant_type=password&username=alice&password=wrong",
                    "Authorization", TestServer.basic("app", "app-secret"), "X-Forwarded-For", "203.0.113.77");
            assertThat(trusting.audit("login_failed").get(0).path("client_ip").asText()).isEqualTo("203.0.113.77");
        }
        try (TestServer untrusting = start(0, "")) {
            untrusting.form("/oauth/token", "grant_type=password&username=alice&password=wrong",
                    "Authorization", TestServer.basic("app", "app-secret"), "X-Forwarded-For", "203.0.113.77");
            assertThat(untrusting.audit("login_failed").get(0).path("client_ip").asText()).isEqualTo("127.0.0.1");
        }
    }
}
