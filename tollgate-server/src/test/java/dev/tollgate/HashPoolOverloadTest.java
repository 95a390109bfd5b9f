package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A flood of logins beyond the hashing queue is turned away with 503 and Retry-After, never queued without end. */
class HashPoolOverloadTest {
    @Test
    void floodBeyondHashQueueGets503WithRetryAfterAndWritesNothing() throws Exception {
        Map<String, String> overrides = Map.of(
                "passwords.hash_threads", "1",
                "passwords.hash_queue", "1",
                "passwords.memory_kib", "8192",
                "passwords.iterations", "4");
        try (TestServer server = TestServer.start(TestServer.APP_AND_ALICE, overrides)) {
            // warm the client secret check so the flood below hashes only passwords
            assertThat(login(server).status()).isEqualTo(200);
            long tokensBefore = server.count("refresh_tokens");
            ExecutorService pool = Executors.newFixedThreadPool(24);
            List<Future<TestServer.Response>> futures = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                futures.add(pool.submit(() -> login(server)));
            }
            int ok = 0;
            int busy = 0;
            for (Future<TestServer.Response> future : futures) {
                TestServer.Response response = future.get();
                if (response.status() == 200) {
                    ok++;
                } else {
                    assertThat(response.status()).as(response.body()).isEqualTo(503);
                    assertThat(response.error()).isEqualTo("temporarily_unavailable");
                    assertThat(response.header("Retry-After")).isEqualTo("1");
                    busy++;
                }
            }
            pool.shutdown();
            assertThat(busy).isPositive();
            assertThat(ok).isPositive();
            assertThat(server.count("refresh_tokens") - tokensBefore).isEqualTo(ok);
            assertThat(login(server).status()).as("serves again after the flood").isEqualTo(200);
        }
    }

    static TestServer.Response login(TestServer server) {
        return server.passwordGrant("alice", "alice-password");
    }
}
