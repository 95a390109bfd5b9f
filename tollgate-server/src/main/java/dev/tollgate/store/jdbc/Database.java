package dev.tollgate.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tollgate.config.Config;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
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
        if (!storage.password().isEmpty()) {
            hikari.setPassword(storage.password());
        } else if (EmbeddedH2.isFile(storage.url())) {
            hikari.setPassword(EmbeddedH2.password(storage.url(), url, storage.user()));
        }
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
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource);
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
