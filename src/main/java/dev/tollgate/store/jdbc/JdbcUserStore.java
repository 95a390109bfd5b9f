package dev.tollgate.store.jdbc;

import dev.tollgate.store.User;
import dev.tollgate.store.UserStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

public final class JdbcUserStore implements UserStore {
    private static final String COLUMNS = "id, username, password_hash, scopes, email, email_verified, name, "
            + "given_name, family_name, phone_number, phone_number_verified, address, updated_at";

    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcUserStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE username_key = :key")
                .bind("key", User.key(username))
                .map(JdbcUserStore::map)
                .findOne());
    }

    @Override
    public Optional<User> findById(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id)
                .map(JdbcUserStore::map)
                .findOne());
    }

    @Override
    public void save(User user) {
        long now = clock.instant().getEpochSecond();
        jdbi.useTransaction(h -> {
            int updated = bind(h.createUpdate("UPDATE users SET username = :username, username_key = :key, "
                    + "password_hash = :hash, scopes = :scopes, email = :email, email_verified = :verified, "
                    + "name = :name, given_name = :given, family_name = :family, phone_number = :phone, "
                    + "phone_number_verified = :phoneVerified, address = :address, updated_at = :now WHERE id = :id"), user, now).execute();
            if (updated == 0) {
                bind(insert(h), user, now).execute();
            }
        });
    }

    private static Update insert(Handle h) {
        return h.createUpdate("INSERT INTO users (id, username, username_key, password_hash, scopes, email, "
                + "email_verified, name, given_name, family_name, phone_number, phone_number_verified, address, "
                + "created_at, updated_at) "
                + "VALUES (:id, :username, :key, :hash, :scopes, :email, :verified, :name, :given, :family, "
                + ":phone, :phoneVerified, :address, :now, :now)");
    }

    private static Update bind(Update update, User user, long now) {
        User.Profile p = user.profile();
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
                .bind("now", now);
    }

    @Override
    public void updatePasswordHash(String id, String passwordHash) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE users SET password_hash = :hash WHERE id = :id")
                .bind("id", id)
                .bind("hash", passwordHash)
                .execute());
    }

    @Override
    public boolean removeByUsername(String username) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM users WHERE username_key = :key")
                .bind("key", User.key(username))
                .execute()) > 0;
    }

    @Override
    public List<User> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users ORDER BY username_key")
                .map(JdbcUserStore::map)
                .list());
    }

    private static User map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new User(
                rs.getString("id"),
                rs.getString("username"),
                rs.getString("password_hash"),
                Lists.split(rs.getString("scopes")),
                new User.Profile(
                        rs.getString("email"),
                        rs.getBoolean("email_verified"),
                        rs.getString("name"),
                        rs.getString("given_name"),
                        rs.getString("family_name"),
                        rs.getString("phone_number"),
                        rs.getBoolean("phone_number_verified"),
                        rs.getString("address")),
                rs.getLong("updated_at"));
    }
}
