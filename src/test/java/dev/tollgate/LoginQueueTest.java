package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Password checks from an address with recent failures wait behind everyone else, and only a few
 * of them may wait at all. One hashing thread and a deliberately slow hash make the order visible:
 * what is asserted is who finishes first, never how long anything takes.
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

    static TestServer.Response login(TestServer server, String from, String username, String password) {
        return server.form("/oauth/token", "grant_type=password&username=" + username + "&password=" + password,
                "Authorization", TestServer.basic("app", "app-secret"), "X-Forwarded-For", from);
    }

    @Test
    void loginFromCleanAddressGoesAheadOfWaitingSuspectAndFurtherSuspectsAreTurnedAway() throws Exception {
        try (TestServer server = TestServer.start(TestServer.APP_AND_ALICE, ONE_SLOW_SLOT)) {
            assertThat(login(server, REAL_USER, "alice", "alice-password").status()).isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                assertThat(login(server, ATTACKER, "victim" + i, "guess").status()).isEqualTo(400);
            }
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

    static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("condition reached").isTrue();
    }
}
