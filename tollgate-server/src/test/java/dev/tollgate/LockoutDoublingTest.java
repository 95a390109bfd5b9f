package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Repeated lockouts of one username last twice as long each time, up to the maximum; a success
 * starts over. Lockouts here are seconds long, so the test waits them out (no timing is asserted:
 * the lengths are read from the audit log).
 */
class LockoutDoublingTest {
    static final Map<String, String> SHORT_LOCKOUTS = Map.of(
            "brute_force.max_failures", "2",
            "brute_force.lockout_seconds", "1",
            "brute_force.max_lockout_seconds", "4",
            "brute_force.ip_requests_per_minute", "0");

    @Test
    void lockoutWhenRepeatedThenDoublesUpToTheMaximumAndSuccessStartsOver() throws InterruptedException {
        try (TestServer server = TestServer.start(TestServer.APP_AND_ALICE, SHORT_LOCKOUTS)) {
            for (int round = 0; round < 4; round++) {
                failUntilLocked(server);
            }
            assertThat(lockoutLengths(server)).containsExactly(1L, 2L, 4L, 4L);

            TestServer.Response success = server.passwordGrant("alice", "alice-password");
            for (int i = 0; i < 100 && success.status() == 429; i++) {
                Thread.sleep(100);
                success = server.passwordGrant("alice", "alice-password");
            }
            assertThat(success.status()).as(success.body()).isEqualTo(200);
            failUntilLocked(server);
            assertThat(lockoutLengths(server)).containsExactly(1L, 2L, 4L, 4L, 1L);

            List<JsonNode> ended = server.audit("lockout_ended");
            assertThat(ended).hasSizeGreaterThanOrEqualTo(4);
            assertThat(ended).allSatisfy(line -> {
                assertThat(line.path("reason").asText()).isEqualTo("expired");
                assertThat(line.path("username").asText()).isEqualTo("alice");
            });
        }
    }

    /** Wrong passwords (waiting out a running lockout first) until a new lockout starts. */
    static void failUntilLocked(TestServer server) throws InterruptedException {
        int failures = 0;
        for (int i = 0; i < 200; i++) {
            TestServer.Response response = server.passwordGrant("alice", "wrong-password");
            if (response.status() == 429) {
                if (failures > 0) {
                    return;
                }
                Thread.sleep(100);
            } else {
                assertThat(response.status()).as(response.body()).isEqualTo(400);
                failures++;
            }
        }
        throw new AssertionError("no lockout after " + failures + " failures");
    }

    static List<Long> lockoutLengths(TestServer server) {
        return server.audit("lockout_started").stream().map(line -> line.path("lockout_seconds").asLong()).toList();
    }
}
