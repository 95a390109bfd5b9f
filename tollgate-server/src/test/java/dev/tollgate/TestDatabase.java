package dev.tollgate;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The database a test server runs on: H2 in the test's directory, or, when the suite runs with
 * {@code -Dtollgate.test.database=postgresql}, a database of its own on one real PostgreSQL
 * server started for the whole run.
 */
final class TestDatabase {
    private static EmbeddedPostgres postgres;

    private TestDatabase() {}

    static boolean isPostgres() {
        return "postgresql".equals(System.getProperty("tollgate.test.database"));
    }

    /** The storage keys for a server whose files live in {@code dir}; the same dir gives the same database. */
    static Map<String, String> storage(Path dir) {
        Map<String, String> keys = new LinkedHashMap<>();
        if (!isPostgres()) {
            keys.put("storage.url", "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
            return keys;
        }
        String name = "t" + Integer.toHexString(dir.toAbsolutePath().toString().hashCode()).replace('-', 'm');
        EmbeddedPostgres server = server();
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (!exists.next()) {
                    statement.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        keys.put("storage.url", "jdbc:postgresql://localhost:" + server.getPort() + "/" + name);
        keys.put("storage.user", "postgres");
        keys.put("storage.password", "postgres");
        return keys;
    }

    static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // the JVM is ending anyway
                }
            }));
        }
        return postgres;
    }
}
