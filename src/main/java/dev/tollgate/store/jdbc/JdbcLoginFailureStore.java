package dev.tollgate.store.jdbc;

import dev.tollgate.store.LoginFailureStore;
import dev.tollgate.store.LoginFailures;
import dev.tollgate.store.StorageUnavailable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

public final class JdbcLoginFailureStore implements LoginFailureStore {
    private static final String COLUMNS = "username_key, username, failures, lockouts, locked_until, lockout_open";
    /** SQLSTATE of a unique constraint violation, in H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Sql sql;

    public JdbcLoginFailureStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public Optional<LoginFailures> find(String usernameKey) {
        return sql.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM login_failures WHERE username_key = :key")
                .bind("key", usernameKey)
                .map(JdbcLoginFailureStore::map)
                .findOne());
    }

    @Override
    public LoginFailures recordFailure(String usernameKey, String username, long now) {
        if (increment(usernameKey, now) == 0) {
            try {
                sql.useHandle(h -> h.createUpdate("INSERT INTO login_failures (" + COLUMNS + ", updated_at) "
                                + "VALUES (:key, :username, 1, 0, 0, FALSE, :now)")
                        .bind("key", usernameKey)
                        .bind("username", username)
                        .bind("now", now)
                        .execute());
            } catch (StorageUnavailable e) {
                // another request inserted the entry between our update and insert: count on it
                if (!isUniqueViolation(e) || increment(usernameKey, now) == 0) {
                    throw e;
                }
            }
        }
        return find(usernameKey).orElseThrow(() -> new IllegalStateException("login failure entry vanished"));
    }

    private int increment(String usernameKey, long now) {
        return sql.withHandle(h -> h.createUpdate(
                        "UPDATE login_failures SET failures = failures + 1, updated_at = :now WHERE username_key = :key")
                .bind("key", usernameKey)
                .bind("now", now)
                .execute());
    }

    @Override
    public boolean lock(String usernameKey, int lockouts, int minFailures, long lockedUntil, long now) {
        return sql.withHandle(h -> h.createUpdate("UPDATE login_failures SET locked_until = :until, "
                        + "lockouts = lockouts + 1, failures = 0, lockout_open = TRUE, updated_at = :now "
                        + "WHERE username_key = :key AND lockouts = :lockouts AND failures >= :min "
                        + "AND locked_until <= :now")
                .bind("key", usernameKey)
                .bind("until", lockedUntil)
                .bind("lockouts", lockouts)
                .bind("min", minFailures)
                .bind("now", now)
                .execute()) == 1;
    }

    @Override
    public boolean endLockout(String usernameKey, long now) {
        return sql.withHandle(h -> h.createUpdate("UPDATE login_failures SET lockout_open = FALSE "
                        + "WHERE username_key = :key AND lockout_open = TRUE AND locked_until <= :now")
                .bind("key", usernameKey)
                .bind("now", now)
                .execute()) == 1;
    }

    @Override
    public List<LoginFailures> endExpiredLockouts(long now) {
        List<LoginFailures> expired = sql.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM login_failures WHERE lockout_open = TRUE AND locked_until <= :now")
                .bind("now", now)
                .map(JdbcLoginFailureStore::map)
                .list());
        List<LoginFailures> ended = new ArrayList<>();
        for (LoginFailures entry : expired) {
            if (endLockout(entry.usernameKey(), now)) {
                ended.add(entry);
            }
        }
        return ended;
    }

    @Override
    public boolean clear(String usernameKey) {
        return sql.withHandle(h -> h.createUpdate("DELETE FROM login_failures WHERE username_key = :key")
                .bind("key", usernameKey)
                .execute()) > 0;
    }

    @Override
    public int purge(long before) {
        return sql.withHandle(h -> h.createUpdate("DELETE FROM login_failures WHERE lockout_open = FALSE "
                        + "AND updated_at < :before AND locked_until < :before")
                .bind("before", before)
                .execute());
    }

    private static boolean isUniqueViolation(StorageUnavailable e) {
        return e.getCause() instanceof UnableToExecuteStatementException statement
                && statement.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState());
    }

    private static LoginFailures map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new LoginFailures(
                rs.getString("username_key"),
                rs.getString("username"),
                rs.getInt("failures"),
                rs.getInt("lockouts"),
                rs.getLong("locked_until"),
                rs.getBoolean("lockout_open"));
    }
}
