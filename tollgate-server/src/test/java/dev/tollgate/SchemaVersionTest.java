package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.store.jdbc.Database;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A start skips Flyway only when the database has every migration, applied without failure. */
class SchemaVersionTest {
    @Test
    void schemaVersionIsTheNewestMigration() throws IOException, URISyntaxException {
        Path migrations = Path.of(getClass().getClassLoader().getResource("db/migration").toURI());
        Pattern name = Pattern.compile("V(\\d+)__.*\\.sql");
        int newest;
        try (Stream<Path> files = Files.list(migrations)) {
            newest = files.map(file -> name.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(match -> Integer.parseInt(match.group(1)))
                    .max().orElseThrow();
        }
        assertThat(Database.SCHEMA_VERSION).isEqualTo(newest);
    }

    @Test
    void migratedDatabaseIsCurrentAndOneWithAFailedStepIsNot() throws IOException {
        Path dir = Files.createTempDirectory("tollgate-test");
        try (TestServer server = TestServer.start(dir, TestServer.APP_AND_ALICE, Map.of())) {
            Database database = server.services().stores().database();
            assertThat(database.isCurrent()).isTrue();
            database.jdbi().useHandle(h -> h.execute(
                    "UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '5'"));
            assertThat(database.isCurrent()).as("a failed step leaves it to Flyway").isFalse();
            database.jdbi().useHandle(h -> h.execute(
                    "UPDATE \"flyway_schema_history\" SET \"success\" = TRUE WHERE \"version\" = '5'"));
            database.jdbi().useHandle(h -> h.execute(
                    "DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '" + Database.SCHEMA_VERSION + "'"));
            assertThat(database.isCurrent()).as("the newest step missing").isFalse();
        }
    }

    @Test
    void restartOnTheSameDatabaseServesItsTokens() throws IOException {
        Path dir = Files.createTempDirectory("tollgate-test");
        TestServer first = TestServer.start(dir, TestServer.APP_AND_ALICE, Map.of());
        String refresh = first.login("alice", "alice-password", "").get("refresh_token").asText();
        first.stop();
        try (TestServer second = TestServer.start(dir, TestServer.APP_AND_ALICE, Map.of())) {
            assertThat(second.services().stores().database().isCurrent()).isTrue();
            TestServer.Response refreshed = second.form("/oauth/token",
                    "grant_type=refresh_token&refresh_token=" + refresh, "Authorization", TestServer.basic("app", "app-secret"));
            assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        }
    }
}
