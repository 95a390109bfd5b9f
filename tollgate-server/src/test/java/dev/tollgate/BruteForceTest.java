package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
            .client("app", "scopes", Toml.list("read", "write")), "alice", "bob", "carol", "dave", "erin", "frank",
            "grace");

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(CONFIG, Map.of("server.trusted_proxies", "127.0.0.1"));
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

    @Test
    void tokenWhenManyGuessesAtOnceThenAtMostMaxFailuresAreHashed() throws Exception {
        try (TestServer slow = TestServer.start(CONFIG, Map.of("passwords.memory_kib", "4096", "passwords.iterations", "2"))) {
            assertThat(slow.passwordGrant("alice", "alice-password").status()).as("warm-up").isEqualTo(200);
            long before = slow.services().hashing().pool().runs();
            ExecutorService pool = Executors.newFixedThreadPool(64);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<TestServer.Response>> guesses = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String guess = "guess" + i;
                guesses.add(pool.submit(() -> {
                    start.await();
                    return slow.passwordGrant("bob", guess);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<TestServer.Response> guess : guesses) {
                statuses.add(guess.get().status());
            }
            pool.shutdown();
            assertThat(slow.services().hashing().pool().runs() - before).as("hashes").isBetween(1L, 3L);
            assertThat(statuses).containsOnly(400, 429);
            assertThat(statuses.stream().filter(status -> status == 400).count()).isEqualTo(
                    slow.services().hashing().pool().runs() - before);
            assertThat(slow.audit("lockout_started")).hasSize(1);
            assertThat(slow.audit("lockout_started").get(0).path("lockout_seconds").asLong())
                    .as("failures that finish after the lock do not extend it").isEqualTo(300);
        }
    }

    static TestServer.Response grant(String from, String username, String password) {
        return server.form("/oauth/token", "grant_type=password&username=" + username + "&password=" + password,
                "Authorization", TestServer.basic("app", "app-secret"), "X-Forwarded-For", from);
    }

    @Test
    void tokenWhenUsernameLockedByFailuresElsewhereThenAnOriginWhereTheUserLoggedInStillLogsIn() {
        String home = "198.51.100.7";
        String attacker = "203.0.113.9";
        assertThat(grant(home, "grace", "grace-password").status()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(grant(attacker, "grace", "guess" + i).status()).isEqualTo(400);
            assertThat(grant(attacker, "nobody-grace", "guess" + i).status()).isEqualTo(400);
        }
        assertLocked(grant(attacker, "grace", "grace-password"), 300);
        TestServer.Response elsewhere = grant("192.0.2.1", "grace", "grace-password");
        TestServer.Response unknown = grant("192.0.2.1", "nobody-grace", "grace-password");
        assertLocked(elsewhere, 300);
        assertLocked(unknown, 300);
        assertThat(unknown.body()).as("a lockout says nothing about which usernames exist").isEqualTo(elsewhere.body());
        assertThat(headersWithoutTiming(unknown)).isEqualTo(headersWithoutTiming(elsewhere));

        assertThat(grant(home, "grace", "grace-password").status()).as("from where grace logged in").isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(grant(home, "grace", "typo" + i).status()).isEqualTo(400);
        }
        assertLocked(grant(home, "grace", "grace-password"), 300);
        assertThat(grant("198.51.100.8", "grace", "grace-password").status())
                .as("a neighbouring address is another origin").isEqualTo(429);
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
