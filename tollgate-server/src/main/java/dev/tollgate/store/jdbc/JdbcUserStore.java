package dev.tollgate.store.jdbc;

import dev.tollgate.store.Profile;
import dev.tollgate.store.User;
import dev.tollgate.store.UserStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.statement.Update;

public final class JdbcUserStore implements UserStore {
    private static final String COLUMNS = "id, username, password_hash, scopes, email, email_verified, name, "
            + "given_name, family_name, phone_number, phone_number_verified, address, updated_at, disabled";

    private final Sql sql;
    private final Clock clock;
    private final String directory;
    /** Users this store imported since PostgreSQL last refreshed its statistics, and the count that calls for the next. */
    private long importedSinceAnalyze;
    private long analyzeAt = 1000;

    /** @param directory the name the token tables record this store's users under */
    public JdbcUserStore(Sql sql, Clock clock, String directory) {
        this.sql = sql;
        this.clock = clock;
        this.directory = directory;
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return sql.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE username_key = :key")
                .bind("key", User.key(username))
                .map(JdbcUserStore::map)
                .findOne());
    }

    @Override
    public Optional<User> findById(String id) {
        return sql.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id)
                .map(JdbcUserStore::map)
                .findOne());
    }

    @Override
    public void save(User user) {
        long now = clock.instant().getEpochSecond();
        sql.useTransaction(h -> {
            int updated = bind(h.createUpdate("UPDATE users SET username = :username, username_key = :key, "
                    + "password_hash = :hash, scopes = :scopes, email = :email, email_verified = :verified, "
                    + "name = :name, given_name = :given, family_name = :family, phone_number = :phone, "
                    + "phone_number_verified = :phoneVerified, address = :address, disabled = :disabled, updated_at = :now "
                    + "WHERE id = :id"), user, now).execute();
            if (updated == 0) {
                bind(insert(h), user, now).execute();
            }
        });
    }

    private static final String INSERT = "INSERT INTO users (id, username, username_key, password_hash, scopes, "
            + "email, email_verified, name, given_name, family_name, phone_number, phone_number_verified, address, "
            + "disabled, file_password, created_at, updated_at) "
            + "VALUES (:id, :username, :key, :hash, :scopes, :email, :verified, :name, :given, :family, "
            + ":phone, :phoneVerified, :address, :disabled, :fingerprint, :now, :now)";

    private static Update insert(Handle h) {
        return h.createUpdate(INSERT).bind("fingerprint", (String) null);
    }

    @Override
    public List<Imported> findForImport(Collection<String> usernames, Collection<String> ids) {
        List<String> keys = usernames.stream().map(User::key).distinct().toList();
        // two queries, each on its own index: an OR of the two would scan the table
        return sql.withHandle(h -> {
            Map<String, Imported> found = new LinkedHashMap<>();
            if (!keys.isEmpty()) {
                h.createQuery("SELECT " + COLUMNS + ", file_password FROM users WHERE username_key IN (<keys>)")
                        .bindList("keys", keys)
                        .map((rs, ctx) -> new Imported(map(rs, ctx), rs.getString("file_password")))
                        .forEach(row -> found.put(row.user().id(), row));
            }
            if (!ids.isEmpty()) {
                h.createQuery("SELECT " + COLUMNS + ", file_password FROM users WHERE id IN (<ids>)")
                        .bindList("ids", List.copyOf(ids))
                        .map((rs, ctx) -> new Imported(map(rs, ctx), rs.getString("file_password")))
                        .forEach(row -> found.putIfAbsent(row.user().id(), row));
            }
            return List.copyOf(found.values());
        });
    }

    private static final String IMPORT_INSERT = "INSERT INTO users (username, username_key, password_hash, scopes, "
            + "email, email_verified, name, given_name, family_name, phone_number, phone_number_verified, address, "
            + "disabled, file_password, updated_at, created_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String IMPORT_UPDATE = "UPDATE users SET username = ?, username_key = ?, password_hash = ?, "
            + "scopes = ?, email = ?, email_verified = ?, name = ?, given_name = ?, family_name = ?, phone_number = ?, "
            + "phone_number_verified = ?, address = ?, disabled = ?, file_password = ?, updated_at = ? WHERE id = ?";

    /**
     * Plain JDBC batches on the handle's connection: an import writes users by the million, and
     * binding seventeen named parameters per row through JDBI costs more than the insert itself.
     */
    @Override
    public void importBatch(List<Imported> added, List<Imported> replaced) {
        long now = clock.instant().getEpochSecond();
        sql.useTransaction(h -> {
            try {
                if (!added.isEmpty()) {
                    try (PreparedStatement insert = h.getConnection().prepareStatement(IMPORT_INSERT)) {
                        for (Imported row : added) {
                            int next = bindImport(insert, row, now);
                            insert.setLong(next, now);
                            insert.setString(next + 1, row.user().id());
                            insert.addBatch();
                        }
                        insert.executeBatch();
                    }
                }
                if (!replaced.isEmpty()) {
                    try (PreparedStatement update = h.getConnection().prepareStatement(IMPORT_UPDATE)) {
                        for (Imported row : replaced) {
                            update.setString(bindImport(update, row, now), row.user().id());
                            update.addBatch();
                        }
                        update.executeBatch();
                    }
                }
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException(e, null);
            }
        });
        analyzeWhileGrowing(added.size());
    }

    /**
     * PostgreSQL plans by the statistics it last gathered: on a table an import is filling they say
     * "nearly empty", and the lookup of each batch's usernames becomes a scan of the whole table.
     * Whenever the users imported since the last refresh have doubled, they are gathered again
     * (about twenty times for a million users). H2 picks the index whatever its statistics say.
     */
    private void analyzeWhileGrowing(int added) {
        importedSinceAnalyze += added;
        if (importedSinceAnalyze < analyzeAt) {
            return;
        }
        analyzeAt = importedSinceAnalyze * 2;
        sql.useHandle(h -> {
            try {
                if ("PostgreSQL".equals(h.getConnection().getMetaData().getDatabaseProductName())) {
                    h.execute("ANALYZE users");
                }
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException(e, null);
            }
        });
    }

    /** Binds the columns both import statements start with; returns the next parameter's index. */
    private static int bindImport(PreparedStatement statement, Imported row, long now) throws SQLException {
        User user = row.user();
        Profile p = user.profile();
        int i = 1;
        statement.setString(i++, user.username());
        statement.setString(i++, User.key(user.username()));
        statement.setString(i++, user.passwordHash());
        statement.setString(i++, Lists.join(user.scopes()));
        statement.setString(i++, p.email());
        statement.setBoolean(i++, p.emailVerified());
        statement.setString(i++, p.name());
        statement.setString(i++, p.givenName());
        statement.setString(i++, p.familyName());
        statement.setString(i++, p.phoneNumber());
        statement.setBoolean(i++, p.phoneNumberVerified());
        statement.setString(i++, p.address());
        statement.setBoolean(i++, user.disabled());
        statement.setString(i++, row.fingerprint());
        statement.setLong(i++, now);
        return i;
    }

    private static <S extends SqlStatement<S>> S bind(S update, User user, long now) {
        Profile p = user.profile();
        return update.bind("id", user.id())
                .bind("username", user.username())
                .bind("key", User.key(user.username()))
                .bind("hash", user.passwordHash())
                .bind("scopes", Lists.join(user.scopes()))
                .bind("email", p.email())
                .bind("verified", p.emailVerified())
                .bind("name", p.name())
                .bind("given", p.givenName())
                .bind("family", p.familyName())
                .bind("phone", p.phoneNumber())
                .bind("phoneVerified", p.phoneNumberVerified())
                .bind("address", p.address())
                .bind("disabled", user.disabled())
                .bind("now", now);
    }

    @Override
    public boolean replacePasswordHash(String id, String oldHash, String newHash) {
        return sql.withHandle(h -> h.createUpdate(
                        "UPDATE users SET password_hash = :hash WHERE id = :id AND password_hash = :old")
                .bind("id", id)
                .bind("hash", newHash)
                .bind("old", oldHash)
                .execute()) == 1;
    }

    @Override
    public Optional<String> filePassword(String id) {
        return sql.withHandle(h -> h.createQuery("SELECT file_password FROM users WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findOne());
    }

    @Override
    public void setFilePassword(String id, String fingerprint) {
        sql.useHandle(h -> h.createUpdate("UPDATE users SET file_password = :fingerprint WHERE id = :id")
                .bind("id", id)
                .bind("fingerprint", fingerprint)
                .execute());
    }

    @Override
    public void changePassword(String id, String passwordHash) {
        long now = clock.instant().getEpochSecond();
        sql.useTransaction(h -> {
            h.createUpdate("UPDATE users SET password_hash = :hash WHERE id = :id")
                    .bind("id", id)
                    .bind("hash", passwordHash)
                    .execute();
            for (String table : List.of("access_tokens", "token_families")) {
                h.createUpdate("UPDATE " + table + " SET revoked_at = :now "
                                + "WHERE user_id = :id AND user_directory = :directory AND revoked_at IS NULL")
                        .bind("now", now)
                        .bind("id", id)
                        .bind("directory", directory)
                        .execute();
            }
        });
    }

    /**
     * Deletes the user and, in the same transaction, its token families (with their refresh tokens
     * and the access tokens issued from them) and its other opaque access tokens: the token tables
     * record users of every directory, so no foreign key does this.
     */
    @Override
    public boolean removeByUsername(String username) {
        return sql.inTransaction(h -> {
            Optional<String> id = h.createQuery("SELECT id FROM users WHERE username_key = :key")
                    .bind("key", User.key(username))
                    .mapTo(String.class)
                    .findOne();
            if (id.isEmpty()) {
                return false;
            }
            for (String table : List.of("access_tokens", "token_families")) {
                h.createUpdate("DELETE FROM " + table + " WHERE user_id = :id AND user_directory = :directory")
                        .bind("id", id.get())
                        .bind("directory", directory)
                        .execute();
            }
            // and the user's second factors and logins waiting for one
            for (String table : List.of("mfa_authenticators", "mfa_recovery_codes", "mfa_tokens")) {
                h.createUpdate("DELETE FROM " + table + " WHERE user_id = :id AND directory = :directory")
                        .bind("id", id.get())
                        .bind("directory", directory)
                        .execute();
            }
            return h.createUpdate("DELETE FROM users WHERE id = :id").bind("id", id.get()).execute() > 0;
        });
    }

    @Override
    public List<User> search(String prefix, String afterKey, int limit) {
        // "!" escapes: JDBI's statement parser reads a backslash before a quote as an escape
        String pattern = prefix.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        return sql.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users "
                        + "WHERE (username_key LIKE :pattern ESCAPE '!' OR LOWER(email) LIKE :pattern ESCAPE '!') "
                        + "AND username_key > :after ORDER BY username_key LIMIT :limit")
                .bind("pattern", pattern)
                .bind("after", afterKey == null ? "" : afterKey)
                .bind("limit", limit)
                .map(JdbcUserStore::map)
                .list());
    }

    private static User map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new User(
                rs.getString("id"),
                rs.getString("username"),
                rs.getString("password_hash"),
                Lists.split(rs.getString("scopes")),
                new Profile(
                        rs.getString("email"),
                        rs.getBoolean("email_verified"),
                        rs.getString("name"),
                        rs.getString("given_name"),
                        rs.getString("family_name"),
                        rs.getString("phone_number"),
                        rs.getBoolean("phone_number_verified"),
                        rs.getString("address")),
                rs.getLong("updated_at"),
                rs.getBoolean("disabled"));
    }
}
