package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each node reuses a client as read for a second (see "Running a cluster" in docs/operating.md):
 * the node that changes or removes a client applies it at once, the others within that time.
 */
class ClientChangesAcrossNodesTest {
    static final String APP = TestServer.basic("app", "app-secret");

    @Test
    void removedClientIsRefusedAtOnceWhereRemovedAndSoonEverywhere() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-test");
        Map<String, String> shared = Map.of("server.issuer", "http://tollgate.test");
        try (TestServer a = TestServer.start(dir, TestServer.APP_AND_ALICE, shared);
                TestServer b = TestServer.start(dir, TestServer.APP_AND_ALICE, shared)) {
            assertThat(introspectStatus(a)).isEqualTo(200);
            assertThat(introspectStatus(b)).as("b has read the client").isEqualTo(200);

            a.services().admin().clients().remove("app");

            assertThat(introspectStatus(a)).as("the node that removed it, at once").isEqualTo(401);
            assertThat(a.passwordGrant("alice", "alice-password").status()).isEqualTo(401);
            assertThat(eventuallyRefused(b)).as("the removal reaches the other node").isTrue();
            assertThat(b.passwordGrant("alice", "alice-password").status()).isEqualTo(401);
        }
    }

    @Test
    void rotatedSecretWithoutOverlapIsRefusedAtOnceWhereRotated() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-test");
        try (TestServer a = TestServer.start(dir, TestServer.APP_AND_ALICE, Map.of())) {
            assertThat(introspectStatus(a)).isEqualTo(200);
            String secret = a.services().admin().clients().rotateSecret("app", 0).secret();
            assertThat(introspectStatus(a)).as("the old secret").isEqualTo(401);
            assertThat(a.form("/oauth/introspect", "token=x", "Authorization", TestServer.basic("app", secret))
                    .status()).as("the new secret").isEqualTo(200);
        }
    }

    private static int introspectStatus(TestServer server) {
        return server.form("/oauth/introspect", "token=not-a-token", "Authorization", APP).status();
    }

    /** Polls for well over the documented second, so a slow machine cannot fail it. */
    private static boolean eventuallyRefused(TestServer server) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (introspectStatus(server) == 401) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
