package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.identity.PasswordHasher;
import dev.tollgate.oauth.OpaqueTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A database written by the previous schema, whose token tables pointed at users(id), keeps its
 * tokens working after the migration that lets tokens belong to any directory, and removing the
 * user still takes its tokens with it.
 */
class MigrationTest {
    private static final String REFRESH = "refresh-token-from-before";
    private static final String OPAQUE = "opaque-token-from-before";

    @Test
    void tokensStoredBeforeTheDirectoryMigrationStillWorkAndGoWithTheirUser() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-migration");
        Map<String, String> storage = TestDatabase.storage(dir);
        String url = storage.get("storage.url");
        String user = storage.getOrDefault("storage.user", "");
        String password = storage.getOrDefault("storage.password", "");
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").target("7").load()
                .migrate();
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement sql = connection.createStatement()) {
            writeRowsOfTheOldSchema(sql);
        }
        try (TestServer server = TestServer.start(dir, TestServer.APP_AND_ALICE, Map.of())) {
            JsonNode opaque = introspect(server, OPAQUE);
            assertThat(opaque.get("active").asBoolean()).as(opaque.toString()).isTrue();
            assertThat(opaque.get("username").asText()).isEqualTo("alice");

            TestServer.Response refreshed = server.form("/oauth/token",
                    "grant_type=refresh_token&refresh_token=" + REFRESH, "Authorization", TestServer.basic("app", "app-secret"));
            assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
            JsonNode next = introspect(server, refreshed.json().get("refresh_token").asText());
            assertThat(next.get("username").asText()).isEqualTo("alice");
            assertThat(next.get("sub").asText()).isEqualTo("old-alice-id");

            server.users().remove("alice");
            assertThat(server.count("token_families")).isZero();
            assertThat(server.count("refresh_tokens")).isZero();
            assertThat(server.count("access_tokens")).isZero();
            assertThat(introspect(server, OPAQUE).get("active").asBoolean()).isFalse();
        }
    }

    private static JsonNode introspect(TestServer server, String token) {
        return server.form("/oauth/introspect", "token=" + token, "Authorization", TestServer.basic("app", "app-secret"))
                .json();
    }

    /** A client, a user, a login family with its refresh token and an opaque access token, as version 7 stored them. */
    private static void writeRowsOfTheOldSchema(Statement sql) throws SQLException {
        PasswordHasher hasher = new PasswordHasher(64, 1, 1, false);
        long now = System.currentTimeMillis() / 1000;
        sql.execute("INSERT INTO clients (id, secret_hash, grant_types, scopes, created_at, updated_at, auth_methods) "
                + "VALUES ('app', '" + hasher.hash("app-secret") + "', 'password refresh_token', 'read write', "
                + now + ", " + now + ", 'client_secret_basic client_secret_post')");
        sql.execute("INSERT INTO users (id, username, username_key, password_hash, scopes, email_verified, "
                + "created_at, updated_at) VALUES ('old-alice-id', 'alice', 'alice', '" + hasher.hash("alice-password")
                + "', 'read write', FALSE, " + now + ", " + now + ")");
        sql.execute("INSERT INTO token_families (id, client_id, user_id, audience, scopes, created_at, expires_at) "
                + "VALUES ('old-family', 'app', 'old-alice-id', NULL, 'read', " + now + ", " + (now + 3600) + ")");
        sql.execute("INSERT INTO refresh_tokens (token_hash, family_id, client_id, user_id, scopes, issued_at, "
                + "expires_at) VALUES ('" + OpaqueTokens.hash(REFRESH) + "', 'old-family', 'app', 'old-alice-id', "
                + "'read', " + now + ", " + (now + 3600) + ")");
        sql.execute("INSERT INTO access_tokens (token_hash, family_id, client_id, subject, user_id, username, scopes, "
                + "audience, jti, issued_at, expires_at) VALUES ('" + OpaqueTokens.hash(OPAQUE) + "', 'old-family', "
                + "'app', 'old-alice-id', 'old-alice-id', 'alice', 'read', 'urn:example:old', 'old-jti', " + now + ", "
                + (now + 3600) + ")");
    }
}
