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

public final class JdbcLoginFailureStore implements LoginFailureStore {
    private static final String COLUMNS =
            "username_key, username, failures, lockouts, locked_until, lockout_open, trusted_until";

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
    public boolean reserve(String usernameKey, String username, int maxFailures, long now) {
        if (increment(usernameKey, maxFailures, now) == 1) {
            return true;
        }
        try {
            insert(usernameKey, null, username, 1, 0, now);
            return true;
        } catch (StorageUnavailable e) {
            // the entry exists: it is full, locked, or another request inserted it just now
            if (!Sql.isUniqueViolation(e)) {
                throw e;
            }
            return increment(usernameKey, maxFailures, now) == 1;
        }
    }

    private int increment(String usernameKey, int maxFailures, long now) {
        return sql.withHandle(h -> h.createUpdate("UPDATE login_failures SET failures = failures + 1, "
                        + "updated_at = :now WHERE username_key = :key AND failures < :max AND locked_until <= :now")
                .bind("key", usernameKey)
                .bind("max", maxFailures)
                .bind("now", now)
                .execute());
    }

    private void insert(String usernameKey, String userKey, String username, int failures, long trustedUntil,
            long now) {
        sql.useHandle(h -> h.createUpdate("INSERT INTO login_failures (" + COLUMNS + ", user_key, updated_at) "
                        + "VALUES (:key, :username, :failures, 0, 0, FALSE, :trusted, :userKey, :now)")
                .bind("key", usernameKey)
                .bind("username", username)
                .bind("failures", failures)
                .bind("trusted", trustedUntil)
                .bind("userKey", userKey)
                .bind("now", now)
                .execute());
    }

    @Override
    public void release(String usernameKey, long now) {
        sql.useHandle(h -> h.createUpdate("UPDATE login_failures SET failures = failures - 1, updated_at = :now "
                        + "WHERE username_key = :key AND failures > 0")
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
    public boolean clear(String usernameKey, long now) {
        return sql.withHandle(h -> h.createUpdate("DELETE FROM login_failures WHERE username_key = :key "
                        + "AND locked_until <= :now")
                .bind("key", usernameKey)
                .bind("now", now)
                .execute()) > 0;
    }

    @Override
    public void trust(String originKey, String userKey, String username, long trustedUntil, long now) {
        int updated = sql.withHandle(h -> h.createUpdate("UPDATE login_failures SET failures = CASE WHEN "
                        + "locked_until <= :now THEN 0 ELSE failures END, trusted_until = :trusted, updated_at = :now "
                        + "WHERE username_key = :key")
                .bind("key", originKey)
                .bind("trusted", trustedUntil)
                .bind("now", now)
                .execute());
        if (updated == 0) {
            try {
                insert(originKey, userKey, username, 0, trustedUntil, now);
            } catch (StorageUnavailable e) {
                // another request of the same user and origin created it: trusted either way
                if (!Sql.isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    @Override
    public boolean clearUser(String userKey) {
        return sql.withHandle(h -> h.createUpdate("DELETE FROM login_failures WHERE username_key = :key "
                        + "OR user_key = :key")
                .bind("key", userKey)
                .execute()) > 0;
    }

    @Override
    public List<LoginFailures> locked(long now, String afterKey, int limit) {
        return sql.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM login_failures WHERE user_key IS NULL "
                        + "AND locked_until > :now AND username_key > :after ORDER BY username_key")
                .bind("now", now)
                .bind("after", afterKey == null ? "" : afterKey)
                .setMaxRows(limit)
                .map(JdbcLoginFailureStore::map)
                .list());
    }

    @Override
    public int purge(long before) {
        return sql.deleteInBatches("login_failures", "lockout_open = FALSE "
                + "AND updated_at < :bound AND locked_until < :bound AND trusted_until < :bound", before);
    }

    private static LoginFailures map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new LoginFailures(
                rs.getString("username_key"),
                rs.getString("username"),
                rs.getInt("failures"),
                rs.getInt("lockouts"),
                rs.getLong("locked_until"),
                rs.getBoolean("lockout_open"),
                rs.getLong("trusted_until"));
    }
}
