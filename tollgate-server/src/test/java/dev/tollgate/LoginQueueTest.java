package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Password checks from an origin (client and address) with recent failures that outweigh its
 * successes wait behind everyone else, and only a few of a credential stuffer's may wait at all.
 * One hashing thread and a deliberately slow hash make the order visible: what is asserted is who
 * finishes first, never how long anything takes.
 */
class LoginQueueTest {
    static final Map<String, String> ONE_SLOW_SLOT = Map.of(
            "passwords.hash_threads", "1",
            "passwords.memory_kib", "16384",
            "passwords.iterations", "16",
            "server.trusted_proxies", "127.0.0.1",
            "brute_force.ip_requests_per_minute", "0");
    static final String ATTACKER = "203.0.113.66";
    static final String REAL_USER = "198.51.100.10";

    static final String TWO_CLIENTS = Toml.config()
            .client("app", "scopes", Toml.list("read"))
            .client("other", "scopes", Toml.list("read"))
            .user("alice", "scopes", Toml.list("read"))
            .toString();
    /** Failures enough to make an origin a credential stuffer rather than a typist. */
    static final int STUFFING = 30;

    static TestServer.Response login(TestServer server, String from, String username, String password) {
        return login(server, "app", from, username, password);
    }

    static TestServer.Response login(TestServer server, String client, String from, String username, String password) {
        return server.form("/oauth/token", "grant_type=password&username=" + username + "&password=" + password,
                "Authorization", TestServer.basic(client, client + "-secret"), "X-Forwarded-For", from);
    }

    static void fail(TestServer server, String client, String from, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(login(server, client, from, "victim" + i, "guess").status()).isEqualTo(400);
        }
    }

    @Test
    void loginFromCleanAddressGoesAheadOfWaitingSuspectAndFurtherSuspectsAreTurnedAway() throws Exception {
        try (TestServer server = TestServer.start(TestServer.APP_AND_ALICE, ONE_SLOW_SLOT)) {
            assertThat(login(server, REAL_USER, "alice", "alice-password").status()).isEqualTo(200);
            fail(server, "app", ATTACKER, STUFFING);
            long hashesBefore = server.services().hashing().pool().runs();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<String> finished = new CopyOnWriteArrayList<>();
            Future<TestServer.Response> running = pool.submit(() -> {
                TestServer.Response r = login(server, ATTACKER, "victim10", "guess");
                finished.add("suspect-running");
                return r;
            });
            waitUntil(() -> server.services().hashing().pool().runs() > hashesBefore);
            Future<TestServer.Response> waiting = pool.submit(() -> {
                TestServer.Response r = login(server, ATTACKER, "victim11", "guess");
                finished.add("suspect-waiting");
                return r;
            });
            waitUntil(() -> server.services().hashing().queue().waiting() == 1);

            TestServer.Response turnedAway = login(server, ATTACKER, "victim12", "guess");
            assertThat(turnedAway.status()).as("a third suspect does not wait").isEqualTo(503);
            assertThat(turnedAway.error()).isEqualTo("temporarily_unavailable");

            Future<TestServer.Response> realUser = pool.submit(() -> {
                TestServer.Response r = login(server, REAL_USER, "alice", "alice-password");
                finished.add("real-user");
                return r;
            });
            assertThat(realUser.get().status()).isEqualTo(200);
            assertThat(running.get().status()).isEqualTo(400);
            assertThat(waiting.get().status()).isEqualTo(400);
            pool.shutdown();
            assertThat(finished).containsExactly("suspect-running", "real-user", "suspect-waiting");
        }
    }

    @Test
    void burstOfRightPasswordsFromAnOriginWithAFewFailuresIsServedInFull() throws Exception {
        Toml config = Toml.config().client("app", "scopes", Toml.list("read"));
        for (int i = 0; i < 20; i++) {
            config.user("user" + i, "scopes", Toml.list("read"));
        }
        try (TestServer server = TestServer.start(config.toString(), ONE_SLOW_SLOT)) {
            fail(server, "app", REAL_USER, 5);
            ExecutorService pool = Executors.newFixedThreadPool(20);
            List<Future<TestServer.Response>> logins = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String user = "user" + i;
                logins.add(pool.submit(() -> login(server, REAL_USER, user, user + "-password")));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<TestServer.Response> login : logins) {
                statuses.add(login.get().status());
            }
            pool.shutdown();
            assertThat(statuses).as("queued, not refused").containsOnly(200);
        }
    }

    @Test
    void anotherClientsFailuresAtTheSameAddressDoNotMakeASuspect() throws Exception {
        try (TestServer server = TestServer.start(TWO_CLIENTS, ONE_SLOW_SLOT)) {
            // the client secret is checked once with a hash, then remembered: not while the order is watched
            assertThat(login(server, "app", REAL_USER, "alice", "alice-password").status()).isEqualTo(200);
            fail(server, "other", ATTACKER, STUFFING);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<String> finished = new CopyOnWriteArrayList<>();
            Future<TestServer.Response> running = occupy(server, pool, "other", 0);
            Future<TestServer.Response> waiting = pool.submit(() -> {
                TestServer.Response r = login(server, "other", ATTACKER, "victim-waiting", "guess");
                finished.add("suspect-waiting");
                return r;
            });
            waitUntil(() -> server.services().hashing().queue().waiting() == 1);
            TestServer.Response app = login(server, "app", ATTACKER, "alice", "alice-password");
            assertThat(app.status()).as("another client at the attacker's address").isEqualTo(200);
            assertThat(running.get().status()).isEqualTo(400);
            assertThat(waiting.get().status()).isEqualTo(400);
            pool.shutdown();
            // the server's own order of events: the client thread that records the answer may be late
            List<String> order = server.audit().stream()
                    .filter(line -> ATTACKER.equals(line.path("client_ip").asText()))
                    .filter(line -> "victim-waiting".equals(line.path("username").asText())
                            || "token_issued".equals(line.path("event").asText()))
                    .map(line -> "token_issued".equals(line.path("event").asText()) ? "other-client" : "suspect-waiting")
                    .toList();
            assertThat(order).containsExactly("other-client", "suspect-waiting");
        }
    }

    @Test
    void originWithManySuccessesAndSomeFailuresIsNoSuspect() throws Exception {
        try (TestServer server = TestServer.start(TestServer.APP_AND_ALICE, ONE_SLOW_SLOT)) {
            for (int i = 0; i < 10; i++) {
                assertThat(login(server, REAL_USER, "alice", "alice-password").status()).isEqualTo(200);
            }
            fail(server, "app", REAL_USER, 5);
            fail(server, "app", ATTACKER, STUFFING);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<String> finished = new CopyOnWriteArrayList<>();
            Future<TestServer.Response> running = occupy(server, pool, "app", 0);
            Future<TestServer.Response> waiting = pool.submit(() -> {
                TestServer.Response r = login(server, ATTACKER, "victim11", "guess");
                finished.add("suspect-waiting");
                return r;
            });
            waitUntil(() -> server.services().hashing().queue().waiting() == 1);
            TestServer.Response realUser = login(server, REAL_USER, "alice", "alice-password");
            finished.add("real-user");
            assertThat(realUser.status()).isEqualTo(200);
            assertThat(running.get().status()).isEqualTo(400);
            assertThat(waiting.get().status()).isEqualTo(400);
            pool.shutdown();
            assertThat(finished).containsExactly("real-user", "suspect-waiting");
        }
    }

    /** A wrong guess from the attacker's address through {@code client} that is hashing (0) or waiting (1). */
    static Future<TestServer.Response> occupy(TestServer server, ExecutorService pool, String client, int waiting)
            throws InterruptedException {
        long hashesBefore = server.services().hashing().pool().runs();
        Future<TestServer.Response> login = pool.submit(() -> login(server, client, ATTACKER, "victim1" + waiting, "guess"));
        if (waiting == 0) {
            waitUntil(() -> server.services().hashing().pool().runs() > hashesBefore);
        } else {
            waitUntil(() -> server.services().hashing().queue().waiting() == 1);
        }
        return login;
    }

    static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("condition reached").isTrue();
    }
}
