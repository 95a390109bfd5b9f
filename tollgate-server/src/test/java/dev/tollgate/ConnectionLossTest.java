package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PostgreSQL going away and coming back: 503 and not-ready meanwhile, no hang, no partial write, then recovery. */
class ConnectionLossTest {
    @Test
    void databaseRestartGives503ThenRecovers() throws Exception {
        assumeTrue(TestDatabase.isPostgres(), "a PostgreSQL run");
        Path dataDir = Files.createTempDirectory("tollgate-pg");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedPostgres postgres = start(dataDir, port);
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("storage.url", "jdbc:postgresql://localhost:" + port + "/postgres");
        overrides.put("storage.user", "postgres");
        overrides.put("storage.password", "postgres");
        try (TestServer server = TestServer.start(TestServer.APP_AND_ALICE, overrides)) {
            assertThat(server.passwordGrant("alice", "alice-password").status()).isEqualTo(200);
            long refreshTokens = server.count("refresh_tokens");

            postgres.close();
            TestServer.Response during = server.passwordGrant("alice", "alice-password");
            assertThat(during.status()).as(during.body()).isEqualTo(503);
            assertThat(during.error()).isEqualTo("temporarily_unavailable");
            assertThat(during.header("Retry-After")).isNotNull();
            assertThat(server.get("/health/ready").status()).isEqualTo(503);
            assertThat(server.get("/health/live").status()).isEqualTo(200);

            postgres = start(dataDir, port);
            TestServer.Response after = null;
            for (int attempt = 0; attempt < 30; attempt++) {
                after = server.passwordGrant("alice", "alice-password");
                if (after.status() == 200) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(after.status()).as(after.body()).isEqualTo(200);
            assertThat(server.get("/health/ready").status()).isEqualTo(200);
            assertThat(server.count("refresh_tokens")).as("only the successful logins wrote").isEqualTo(refreshTokens + 1);
            assertThat(server.services().admin().audit().search(
                    new dev.tollgate.admin.AuditQuery("token_issued", "alice", null, null, null), null, 10).items())
                    .as("the audit events of both logins are stored").hasSize(2);
        } finally {
            postgres.close();
            TestServer.delete(dataDir);
        }
    }

    static EmbeddedPostgres start(Path dataDir, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port).start();
    }
}
