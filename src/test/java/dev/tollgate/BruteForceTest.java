package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-username lockout: after max_failures consecutive failures a username gets 429
 * too_many_attempts with Retry-After, whether or not the user exists, without any password
 * hashing. Each test uses its own usernames, so they share one server.
 */
class BruteForceTest {
    static final String CONFIG = users(Toml.config()
            .section("brute_force", "max_failures", 3, "lockout_seconds", 300, "ip_requests_per_minute", 0)
            .client("app", "scopes", Toml.list("read", "write")), "alice", "bob", "carol", "dave", "erin", "frank");

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(CONFIG);
        assertThat(server.passwordGrant("alice", "alice-password").status()).as("warm-up").isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String users(Toml toml, String... names) {
        for (String name : names) {
            toml.user(name, "scopes", Toml.list("read"));
        }
        return toml.toString();
    }

    static void fail(String username, int times) {
        for (int i = 0; i < times; i++) {
            TestServer.Response response = server.passwordGrant(username, "wrong-password");
            assertThat(response.status()).as("failure %d of %s: %s", i + 1, username, response.body()).isEqualTo(400);
            assertThat(response.error()).isEqualTo("invalid_grant");
        }
    }

    static void assertLocked(TestServer.Response response, long maxRetryAfter) {
        assertThat(response.status()).as(response.body()).isEqualTo(429);
        assertThat(response.error()).isEqualTo("too_many_attempts");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, maxRetryAfter);
    }

    @Test
    void tokenWhenFailuresReachMaxThenTooManyAttemptsEvenWithTheRightPassword() {
        fail("bob", 3);
        assertLocked(server.passwordGrant("bob", "bob-password"), 300);
        assertLocked(server.passwordGrant("bob", "wrong-password"), 300);
    }

    @Test
    void tokenWhenUsernameLockedThenNoPasswordIsHashed() {
        fail("carol", 3);
        fail("nobody-carol", 3);
        long before = server.services().hashing().pool().runs();
        for (int i = 0; i < 5; i++) {
            assertLocked(server.passwordGrant("carol", "carol-password"), 300);
            assertLocked(server.passwordGrant("nobody-carol", "x"), 300);
        }
        assertThat(server.services().hashing().pool().runs() - before).as("hashes for locked usernames").isZero();
        long beforeUnlocked = server.services().hashing().pool().runs();
        server.passwordGrant("not-locked-carol", "x");
        assertThat(server.services().hashing().pool().runs() - beforeUnlocked).as("a username that is not locked").isEqualTo(1);
    }

    @Test
    void tokenWhenUnknownUsernameFailsThenLockedExactlyLikeAnExistingOne() {
        fail("dave", 3);
        fail("no-such-user", 3);
        TestServer.Response existing = server.passwordGrant("dave", "dave-password");
        TestServer.Response unknown = server.passwordGrant("no-such-user", "whatever");
        assertLocked(existing, 300);
        assertLocked(unknown, 300);
        assertThat(unknown.body()).isEqualTo(existing.body());
        assertThat(headersWithoutTiming(unknown)).isEqualTo(headersWithoutTiming(existing));
    }

    @Test
    void tokenWhenSuccessBetweenFailuresThenCountStartsAgain() {
        fail("erin", 2);
        assertThat(server.passwordGrant("erin", "erin-password").status()).isEqualTo(200);
        fail("erin", 2);
        assertThat(server.passwordGrant("erin", "erin-password").status()).as("still not locked").isEqualTo(200);
        fail("erin", 3);
        assertLocked(server.passwordGrant("erin", "erin-password"), 300);
    }

    @Test
    void tokenWhenUsernameDiffersOnlyInCaseThenSameLockout() {
        fail("Mallory-Case", 3);
        assertLocked(server.passwordGrant("mallory-case", "x"), 300);
        assertLocked(server.passwordGrant("MALLORY-CASE", "x"), 300);
        assertThat(server.passwordGrant("mallory-other", "x").status()).as("other usernames unaffected").isEqualTo(400);
    }

    @Test
    void tokenWhenLockoutStartsThenLockoutAndLockedAttemptsAreAudited() {
        fail("trudy-audit", 3);
        assertLocked(server.passwordGrant("trudy-audit", "x"), 300);
        List<JsonNode> started = server.audit("lockout_started").stream()
                .filter(line -> "trudy-audit".equals(line.path("username").asText())).toList();
        assertThat(started).hasSize(1);
        assertThat(started.get(0).path("lockout_seconds").asLong()).isEqualTo(300);
        assertThat(started.get(0).path("client_ip").asText()).isEqualTo("127.0.0.1");
        assertThat(server.audit("login_failed").stream()
                .filter(line -> "trudy-audit".equals(line.path("username").asText()))
                .map(line -> line.path("reason").asText()))
                .containsExactly("unknown_user", "unknown_user", "unknown_user", "locked");
    }

    @Test
    void unlockCommandClearsALockoutOfAnExistingOrUnknownUsername() throws InterruptedException {
        fail("frank", 3);
        fail("ghost-frank", 3);
        assertLocked(server.passwordGrant("frank", "frank-password"), 300);

        CliProcess.Result unlocked = cli("user", "unlock", "FRANK");
        assertThat(unlocked.exit()).as(unlocked.err()).isZero();
        assertThat(unlocked.out()).contains("lockout of 'FRANK' cleared");
        assertThat(cli("user", "unlock", "ghost-frank").out()).contains("lockout of 'ghost-frank' cleared");
        CliProcess.Result nothing = cli("user", "unlock", "never-failed");
        assertThat(nothing.exit()).isZero();
        assertThat(nothing.out()).contains("no failed logins");

        // the server trusts a lock it has seen for up to a second before asking storage again
        TestServer.Response response = server.passwordGrant("frank", "frank-password");
        for (int i = 0; i < 50 && response.status() == 429; i++) {
            Thread.sleep(200);
            response = server.passwordGrant("frank", "frank-password");
        }
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(server.passwordGrant("ghost-frank", "x").status()).isEqualTo(400);
        assertThat(server.audit("lockout_ended").stream()
                .filter(line -> line.path("username").asText().equals("frank"))
                .map(line -> line.path("reason").asText())).containsExactly("unlocked");
    }

    static CliProcess.Result cli(String... args) {
        return CliProcess.against(server, null, args);
    }

    static Map<String, List<String>> headersWithoutTiming(TestServer.Response response) {
        Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
        headers.remove("date");
        headers.remove("retry-after");
        return headers;
    }
}
