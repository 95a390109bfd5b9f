package dev.tollgate.store.jdbc;

import dev.tollgate.store.DirectoryUser;
import dev.tollgate.store.DirectoryUserStore;
import dev.tollgate.store.Profile;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

public final class JdbcDirectoryUserStore implements DirectoryUserStore {
    private static final String COLUMNS = "directory, id, username, scopes, email, email_verified, name, given_name, "
            + "family_name, phone_number, phone_number_verified, address, last_login, checked_at, updated_at";

    private final Sql sql;

    public JdbcDirectoryUserStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public Optional<DirectoryUser> find(String directory, String id) {
        return sql.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM directory_users WHERE directory = :directory AND id = :id")
                .bind("directory", directory)
                .bind("id", id)
                .map(JdbcDirectoryUserStore::map)
                .findOne());
    }

    @Override
    public void save(DirectoryUser user) {
        sql.useTransaction(h -> {
            int updated = bind(h.createUpdate("UPDATE directory_users SET username = :username, scopes = :scopes, "
                    + "email = :email, email_verified = :verified, name = :name, given_name = :given, "
                    + "family_name = :family, phone_number = :phone, phone_number_verified = :phoneVerified, "
                    + "address = :address, last_login = :lastLogin, checked_at = :checkedAt, updated_at = :updatedAt "
                    + "WHERE directory = :directory AND id = :id"), user).execute();
            if (updated == 0) {
                bind(h.createUpdate("INSERT INTO directory_users (" + COLUMNS + ") VALUES (:directory, :id, "
                        + ":username, :scopes, :email, :verified, :name, :given, :family, :phone, :phoneVerified, "
                        + ":address, :lastLogin, :checkedAt, :updatedAt)"), user).execute();
            }
        });
    }

    @Override
    public List<DirectoryUser> list(String directory, int limit) {
        return sql.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM directory_users WHERE directory = :directory ORDER BY username LIMIT :limit")
                .bind("directory", directory)
                .bind("limit", limit)
                .map(JdbcDirectoryUserStore::map)
                .list());
    }

    @Override
    public List<DirectoryUser> search(String directory, String prefix, String afterUsername, String afterId,
            int limit) {
        // "!" escapes: JDBI's statement parser reads a backslash before a quote as an escape
        String pattern = prefix.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        return sql.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM directory_users "
                        + "WHERE directory = :directory "
                        + "AND (LOWER(username) LIKE :pattern ESCAPE '!' OR LOWER(email) LIKE :pattern ESCAPE '!') "
                        + "AND (username > :after OR (username = :after AND id > :afterId)) "
                        + "ORDER BY username, id LIMIT :limit")
                .bind("directory", directory)
                .bind("pattern", pattern)
                .bind("after", afterUsername == null ? "" : afterUsername)
                .bind("afterId", afterUsername == null ? "" : afterId)
                .bind("limit", limit)
                .map(JdbcDirectoryUserStore::map)
                .list());
    }

    private static Update bind(Update update, DirectoryUser user) {
        Profile p = user.profile();
        return update.bind("directory", user.directory())
                .bind("id", user.id())
                .bind("username", user.username())
                .bind("scopes", Lists.join(user.scopes()))
                .bind("email", p.email())
                .bind("verified", p.emailVerified())
                .bind("name", p.name())
                .bind("given", p.givenName())
                .bind("family", p.familyName())
                .bind("phone", p.phoneNumber())
                .bind("phoneVerified", p.phoneNumberVerified())
                .bind("address", p.address())
                .bind("lastLogin", user.lastLogin())
                .bind("checkedAt", user.checkedAt())
                .bind("updatedAt", user.updatedAt());
    }

    private static DirectoryUser map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new DirectoryUser(
                rs.getString("directory"),
                rs.getString("id"),
                rs.getString("username"),
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
                rs.getLong("last_login"),
                rs.getLong("checked_at"),
                rs.getLong("updated_at"));
    }
}
