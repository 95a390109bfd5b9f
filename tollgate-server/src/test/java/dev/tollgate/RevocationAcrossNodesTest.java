package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Introspection reuses a token's revocation state for a second (see "Running a cluster" in
 * docs/operating.md): the node that revokes stops accepting the token at once, the others within that time.
 */
class RevocationAcrossNodesTest {
    static final String CONFIG = TestServer.APP_AND_ALICE;
    static final String APP = TestServer.basic("app", "app-secret");

    @Test
    void revokeWhenOtherNodeCachedTheTokenThenInactiveEverywhereSoon() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-test");
        Map<String, String> shared = Map.of("server.issuer", "http://tollgate.test");
        try (TestServer a = TestServer.start(dir, CONFIG, shared); TestServer b = TestServer.start(dir, CONFIG, shared)) {
            TestServer.Response login = a.passwordGrant("alice", "alice-password");
            String access = login.json().get("access_token").asText();
            String refresh = login.json().get("refresh_token").asText();
            TestServer.Response other = a.passwordGrant("alice", "alice-password");
            String jwt = other.json().get("access_token").asText();
            assertThat(active(a, access)).isTrue();
            assertThat(active(b, access)).isTrue();
            assertThat(active(b, jwt)).isTrue();

            assertThat(a.form("/oauth/revoke", "token=" + refresh, "Authorization", APP).status()).isEqualTo(200);
            assertThat(b.form("/oauth/revoke", "token=" + jwt, "Authorization", APP).status()).isEqualTo(200);
            assertThat(active(a, access)).as("the revoking node, at once").isFalse();
            assertThat(active(b, jwt)).as("the revoking node, at once").isFalse();
            assertThat(eventuallyInactive(b, access)).as("the family's revocation reaches the other node").isTrue();
            assertThat(eventuallyInactive(a, jwt)).as("the jti's revocation reaches the other node").isTrue();
        }
    }

    private static boolean active(TestServer server, String token) {
        TestServer.Response response = server.form("/oauth/introspect", "token=" + token, "Authorization", APP);
        assertThat(response.status()).isEqualTo(200);
        return response.json().get("active").asBoolean();
    }

    /** Polls for well over the documented second, so a slow machine cannot fail it. */
    private static boolean eventuallyInactive(TestServer server, String token) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (!active(server, token)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
