package dev.tollgate.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tollgate.config.Config;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/** The connection pool, the schema migrations and the JDBI handle over them. */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Sql sql;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.sql = new Sql(jdbi, dataSource.getJdbcUrl().startsWith("jdbc:postgresql:"));
    }

    public static Database open(Config.Storage storage, MeterRegistry registry) {
        if (EmbeddedH2.isFile(storage.url())) {
            EmbeddedH2.bindToLoopback();
        }
        HikariConfig hikari = new HikariConfig();
        String url = jdbcUrl(storage.url());
        hikari.setJdbcUrl(url);
        if (!storage.user().isEmpty()) {
            hikari.setUsername(storage.user());
        }
        EmbeddedH2.Opened embedded = null;
        if (!storage.password().isEmpty()) {
            hikari.setPassword(storage.password());
        } else if (EmbeddedH2.isFile(storage.url())) {
            embedded = EmbeddedH2.open(storage.url(), url, storage.user());
            hikari.setPassword(embedded.password());
        }
        try {
            return open(storage, registry, hikari);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static Database open(Config.Storage storage, MeterRegistry registry, HikariConfig hikari) {
        hikari.setMaximumPoolSize(storage.poolSize());
        hikari.setPoolName("tollgate");
        hikari.setMetricRegistry(registry);
        // a lost database must turn into a quick 503, never a hanging request
        hikari.setConnectionTimeout(3_000);
        hikari.setValidationTimeout(1_000);
        if (storage.url().startsWith("jdbc:postgresql:")) {
            hikari.addDataSourceProperty("connectTimeout", 3);
            hikari.addDataSourceProperty("socketTimeout", 30);
            hikari.addDataSourceProperty("tcpKeepAlive", true);
        }
        HikariDataSource dataSource = new HikariDataSource(hikari);
        try {
            if (!isCurrent(dataSource)) {
                Flyway.configure()
                        .dataSource(dataSource)
                        .locations("classpath:db/migration")
                        .load()
                        .migrate();
            }
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource);
    }

    /** The newest migration in {@code db/migration} (SchemaVersionTest checks that it is). */
    public static final int SCHEMA_VERSION = 18;

    /**
     * Whether every migration has been applied, without a failed one: then Flyway, which reads and
     * checksums every migration script, is not started, which took a quarter of a second of a start.
     * Anything unexpected (no history table yet, a failed or missing step) leaves it to Flyway.
     */
    static boolean isCurrent(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            try (ResultSet table = connection.getMetaData().getTables(null, null, "flyway_schema_history", null)) {
                if (!table.next()) {
                    return false;
                }
            }
            return isCurrent(connection);
        } catch (SQLException | NumberFormatException e) {
            return false;
        }
    }

    private static boolean isCurrent(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet history = statement.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\"")) {
            Set<Integer> applied = new HashSet<>();
            while (history.next()) {
                String version = history.getString(1);
                if (!history.getBoolean(2)) {
                    return false;
                }
                if (version != null && !version.isEmpty() && version.chars().allMatch(Character::isDigit)) {
                    applied.add(Integer.parseInt(version));
                }
            }
            return applied.contains(SCHEMA_VERSION);
        }
    }

    /**
     * An H2 file database is opened in auto-server mode so that the CLI can work on it while the
     * server runs: the first process serves the file to the others over loopback (see {@link EmbeddedH2}).
     * Its page cache is 4 MiB unless the URL sets one: H2 writes a new version of a page on every
     * change, and with its default 16 MiB cache the old versions lived long enough on the server's
     * small heap to reach the old generation, whose full collections (75-90 ms every few seconds
     * under refresh load) were the refresh grant's p99.
     */
    static String jdbcUrl(String url) {
        if (!EmbeddedH2.isFile(url)) {
            return url;
        }
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        String settings = (upper.contains("AUTO_SERVER=") ? "" : ";AUTO_SERVER=TRUE")
                + (upper.contains("CACHE_SIZE=") ? "" : ";CACHE_SIZE=" + H2_CACHE_KIB);
        return url + settings;
    }

    static final int H2_CACHE_KIB = 4096;

    /** Whether every migration has been applied, as checked at the start. */
    public boolean isCurrent() {
        return isCurrent(dataSource);
    }

    /** Raw JDBI, for tests that look at the rows. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /** What the stores run their statements through. */
    public Sql sql() {
        return sql;
    }

    public boolean isReachable() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
