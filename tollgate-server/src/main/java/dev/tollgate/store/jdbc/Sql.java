package dev.tollgate.store.jdbc;

import dev.tollgate.store.StorageUnavailable;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * JDBI as the stores use it: the same four calls, with JDBI's failures turned into
 * {@link StorageUnavailable}, so that no layer above the stores knows JDBI's types.
 */
public final class Sql {
    /** SQLSTATE of a unique constraint violation, in H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbi jdbi;
    private final boolean postgres;

    Sql(Jdbi jdbi, boolean postgres) {
        this.jdbi = jdbi;
        this.postgres = postgres;
    }

    public <R> R withHandle(HandleCallback<R, RuntimeException> callback) {
        try {
            return jdbi.withHandle(callback);
        } catch (JdbiException e) {
            throw new StorageUnavailable(e);
        }
    }

    public void useHandle(HandleConsumer<RuntimeException> consumer) {
        try {
            jdbi.useHandle(consumer);
        } catch (JdbiException e) {
            throw new StorageUnavailable(e);
        }
    }

    public <R> R inTransaction(HandleCallback<R, RuntimeException> callback) {
        try {
            return jdbi.inTransaction(callback);
        } catch (JdbiException e) {
            throw new StorageUnavailable(e);
        }
    }

    public void useTransaction(HandleConsumer<RuntimeException> consumer) {
        try {
            jdbi.useTransaction(consumer);
        } catch (JdbiException e) {
            throw new StorageUnavailable(e);
        }
    }

    /** Rows per statement of {@link #deleteInBatches}. */
    static final int DELETE_BATCH = 1000;

    /**
     * Deletes the rows of {@code table} that match {@code condition} (with {@code :bound} bound to
     * {@code bound}), {@value #DELETE_BATCH} rows per statement, each committed on its own: a purge
     * of a million expired rows then never holds locks or one long transaction that the requests
     * would wait for. Each batch finds its rows through the condition's index: H2 takes a row limit
     * on DELETE itself, PostgreSQL the physical row ids of a limited select ("key IN (SELECT key
     * ... LIMIT n)" made H2 run the inner select again for every row of the table). Between two
     * batches the purge rests as long as the last one took (a tenth of a second at most), so that
     * it takes at most half of the database's time from the requests while it runs.
     */
    public int deleteInBatches(String table, String condition, long bound) {
        return deleteInBatches(table, condition, bound, DELETE_BATCH);
    }

    /** The same, {@code batch} rows per statement. */
    public int deleteInBatches(String table, String condition, long bound, int batch) {
        String statement = postgres
                ? "DELETE FROM " + table + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + table + " WHERE "
                        + condition + " LIMIT " + batch + "))"
                : "DELETE FROM " + table + " WHERE " + condition + " FETCH FIRST " + batch + " ROWS ONLY";
        int total = 0;
        while (true) {
            long started = System.nanoTime();
            int deleted = withHandle(h -> h.createUpdate(statement).bind("bound", bound).execute());
            total += deleted;
            if (deleted < batch || !rest(System.nanoTime() - started)) {
                return total;
            }
        }
    }

    /** Waits as long as a batch took, up to 100 ms; false when interrupted (the server is stopping). */
    private static boolean rest(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(100)));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether the failure is an insert that found its key taken. */
    static boolean isUniqueViolation(StorageUnavailable e) {
        return e.getCause() instanceof UnableToExecuteStatementException statement
                && statement.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState());
    }
}
