package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.observe.AuditLog;
import dev.tollgate.observe.AuditOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One JSON line per security event in the audit file, with who, from where and how it ended; never a secret. */
class AuditLogTest {
    static final String CONFIG = TestServer.APP_AND_ALICE + """

            [brute_force]
            max_failures = 2
            """;

    @Test
    void securityEventsAreJsonLinesWithoutPasswordsSecretsOrTokens() throws IOException {
        try (TestServer server = TestServer.start(CONFIG)) {
            TestServer.Response ok = server.passwordGrant("alice", "alice-password");
            assertThat(ok.status()).isEqualTo(200);
            server.passwordGrant("alice", "Wrong-Password-1");
            server.passwordGrant("mallory", "Wrong-Password-2");
            server.passwordGrant("mallory", "Wrong-Password-3");
            server.passwordGrant("mallory", "Wrong-Password-4");
            server.form("/oauth/token", "grant_type=password&username=alice&password=alice-password",
                    "Authorization", TestServer.basic("app", "Wrong-Client-Secret"));
            server.form("/oauth/token", "grant_type=password&username=alice&password=alice-password",
                    "Authorization", TestServer.basic("no-such-app", "Other-Secret"));
            server.form("/oauth/token", "grant_type=password&username=alice&password=alice-password");

            String file = Files.readString(server.dir.resolve("audit.log"), StandardCharsets.UTF_8);
            for (String secret : List.of("alice-password", "Wrong-Password", "app-secret", "Wrong-Client-Secret",
                    "Other-Secret", ok.json().get("access_token").asText(), ok.json().get("refresh_token").asText())) {
                assertThat(file).as("the audit log must not contain '%s'", secret).doesNotContain(secret);
            }
            List<JsonNode> lines = server.audit();
            assertThat(lines).allSatisfy(line -> {
                assertThat(Instant.parse(line.get("time").asText())).isNotNull();
                assertThat(line.get("event").asText()).isNotBlank();
                assertThat(line.get("outcome").asText()).isNotBlank();
            });
            assertThat(lines).extracting(line -> line.get("event").asText()).containsExactly(
                    "token_issued", "login_failed", "login_failed", "login_failed", "lockout_started", "login_failed",
                    "client_auth_failed", "client_auth_failed", "client_auth_failed");

            JsonNode issued = lines.get(0);
            assertThat(issued.get("outcome").asText()).isEqualTo("success");
            assertThat(issued.get("client_id").asText()).isEqualTo("app");
            assertThat(issued.get("username").asText()).isEqualTo("alice");
            assertThat(issued.get("client_ip").asText()).isEqualTo("127.0.0.1");
            assertThat(issued.get("grant_type").asText()).isEqualTo("password");
            assertThat(issued.get("scope").asText()).isEqualTo("read write");

            assertThat(lines.subList(1, 6)).extracting(line -> line.path("reason").asText())
                    .containsExactly("wrong_password", "unknown_user", "unknown_user", "", "locked");
            assertThat(lines.get(1).get("outcome").asText()).isEqualTo("failure");
            assertThat(lines.get(4).get("username").asText()).isEqualTo("mallory");
            assertThat(lines.get(4).get("lockout_seconds").asLong()).isEqualTo(300);

            assertThat(lines.subList(6, 9)).extracting(line -> line.path("reason").asText())
                    .containsExactly("wrong_secret", "unknown_client", "no_credentials");
            assertThat(lines.get(6).get("client_id").asText()).isEqualTo("app");
            assertThat(lines.get(6).get("method").asText()).isEqualTo("client_secret_basic");
            assertThat(lines.get(7).get("client_id").asText()).isEqualTo("no-such-app");
        }
    }

    @Test
    void refreshReuseAndRevocationAreAudited() {
        try (TestServer server = TestServer.start(CONFIG)) {
            JsonNode tokens = server.passwordGrant("alice", "alice-password").json();
            String app = TestServer.basic("app", "app-secret");
            String first = tokens.get("refresh_token").asText();
            assertThat(server.form("/oauth/token", "grant_type=refresh_token&refresh_token=" + first, "Authorization", app)
                    .status()).isEqualTo(200);
            assertThat(server.form("/oauth/token", "grant_type=refresh_token&refresh_token=" + first, "Authorization", app)
                    .error()).isEqualTo("invalid_grant");
            JsonNode other = server.passwordGrant("alice", "alice-password").json();
            assertThat(server.form("/oauth/revoke", "token=" + other.get("access_token").asText(), "Authorization", app)
                    .status()).isEqualTo(200);
            assertThat(server.form("/oauth/revoke", "token=" + other.get("refresh_token").asText(), "Authorization", app)
                    .status()).isEqualTo(200);

            List<JsonNode> lines = server.audit();
            JsonNode reuse = lines.stream().filter(l -> l.get("event").asText().equals("refresh_reuse_detected"))
                    .findFirst().orElseThrow();
            assertThat(reuse.get("client_id").asText()).isEqualTo("app");
            assertThat(reuse.get("username").asText()).isEqualTo("alice");
            assertThat(reuse.get("client_ip").asText()).isEqualTo("127.0.0.1");
            assertThat(lines).filteredOn(l -> l.get("event").asText().equals("token_revoked"))
                    .extracting(l -> l.get("token_type").asText())
                    .containsExactly("access_token", "refresh_token");
            assertThat(lines.stream().map(JsonNode::toString).reduce("", String::concat))
                    .doesNotContain(first).doesNotContain(other.get("access_token").asText());
        }
    }

    @Test
    void auditLogFileIsReadableByItsOwnerOnly() throws IOException {
        try (TestServer fresh = TestServer.start(TestServer.APP_AND_ALICE)) {
            assertThat(fresh.passwordGrant("alice", "wrong").status()).isEqualTo(400);
            java.nio.file.Path file = fresh.dir.resolve("audit.log");
            assertThat(fresh.audit("login_failed")).hasSize(1);
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void submittedValuesAreCutSoNoRequestBlowsUpALine() {
        try (TestServer server = TestServer.start(CONFIG)) {
            String hugeUsername = "u".repeat(20_000);
            server.passwordGrant(hugeUsername, "x");
            JsonNode line = server.audit("login_failed").get(0);
            assertThat(line.get("username").asText()).startsWith("uuuu").hasSizeLessThan(300);
        }
    }

    /** The events the refresh token and revocation work records through the same API. */
    @Test
    void refreshReuseAndRevocationEventsHaveTheSameShape(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("audit.log");
        try (AuditLog audit = AuditOutput.open(file.toString())) {
            audit.refreshReuseDetected("app", "alice", "203.0.113.5");
            audit.tokenRevoked("app", "alice", "203.0.113.5", "refresh_token");
            audit.tokenIssued("client_credentials", "machine", null, "203.0.113.6", Set.of());
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        JsonNode reuse = TestServer.JSON.readTree(lines.get(0));
        assertThat(reuse.get("event").asText()).isEqualTo("refresh_reuse_detected");
        assertThat(reuse.get("outcome").asText()).isEqualTo("failure");
        assertThat(reuse.get("client_id").asText()).isEqualTo("app");
        assertThat(reuse.get("username").asText()).isEqualTo("alice");
        assertThat(reuse.get("client_ip").asText()).isEqualTo("203.0.113.5");
        JsonNode revoked = TestServer.JSON.readTree(lines.get(1));
        assertThat(revoked.get("event").asText()).isEqualTo("token_revoked");
        assertThat(revoked.get("outcome").asText()).isEqualTo("success");
        assertThat(revoked.get("token_type").asText()).isEqualTo("refresh_token");
        JsonNode machine = TestServer.JSON.readTree(lines.get(2));
        assertThat(machine.has("username")).as("absent values are left out").isFalse();
    }
}
