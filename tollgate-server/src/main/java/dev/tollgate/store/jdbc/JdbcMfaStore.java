package dev.tollgate.store.jdbc;

import dev.tollgate.store.Authenticator;
import dev.tollgate.store.MfaStore;
import dev.tollgate.store.MfaToken;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

public final class JdbcMfaStore implements MfaStore {
    private static final String AUTHENTICATOR = "id, user_id, directory, sealed_secret, active, created_at, last_step";
    private static final String TOKEN =
            "token_hash, client_id, user_id, directory, username, scopes, audience, failures, created_at, expires_at";

    private final Sql sql;

    public JdbcMfaStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public List<Authenticator> authenticators(String userId, String directory) {
        return sql.withHandle(h -> h.createQuery("SELECT " + AUTHENTICATOR + " FROM mfa_authenticators "
                        + "WHERE user_id = :user AND directory = :directory ORDER BY created_at, id")
                .bind("user", userId)
                .bind("directory", directory)
                .map((rs, ctx) -> authenticator(rs))
                .list());
    }

    @Override
    public Optional<Authenticator> authenticator(String id) {
        return sql.withHandle(h -> h.createQuery("SELECT " + AUTHENTICATOR + " FROM mfa_authenticators WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> authenticator(rs))
                .findOne());
    }

    @Override
    public void addAuthenticator(Authenticator a) {
        sql.useTransaction(h -> {
            h.createUpdate("DELETE FROM mfa_authenticators WHERE user_id = :user AND directory = :directory "
                            + "AND active = FALSE")
                    .bind("user", a.userId())
                    .bind("directory", a.directory())
                    .execute();
            h.createUpdate("INSERT INTO mfa_authenticators (" + AUTHENTICATOR + ") VALUES (:id, :user, :directory, "
                            + ":secret, :active, :created, :step)")
                    .bind("id", a.id())
                    .bind("user", a.userId())
                    .bind("directory", a.directory())
                    .bind("secret", a.sealedSecret())
                    .bind("active", a.active())
                    .bind("created", a.createdAt())
                    .bind("step", a.lastStep())
                    .execute();
        });
    }

    @Override
    public boolean useStep(String id, long step) {
        // one conditional update: of two requests with the same code, on any node, one wins
        return sql.withHandle(h -> h.createUpdate("UPDATE mfa_authenticators SET last_step = :step, active = TRUE "
                        + "WHERE id = :id AND last_step < :step")
                .bind("id", id)
                .bind("step", step)
                .execute()) == 1;
    }

    @Override
    public boolean removeAuthenticator(String id) {
        return sql.withHandle(h -> h.createUpdate("DELETE FROM mfa_authenticators WHERE id = :id")
                .bind("id", id)
                .execute()) == 1;
    }

    @Override
    public int reset(String userId, String directory) {
        return sql.inTransaction(h -> {
            h.createUpdate("DELETE FROM mfa_recovery_codes WHERE user_id = :user AND directory = :directory")
                    .bind("user", userId)
                    .bind("directory", directory)
                    .execute();
            return h.createUpdate("DELETE FROM mfa_authenticators WHERE user_id = :user AND directory = :directory")
                    .bind("user", userId)
                    .bind("directory", directory)
                    .execute();
        });
    }

    @Override
    public void setRecoveryCode(String userId, String directory, String codeHash, long now) {
        sql.useTransaction(h -> {
            h.createUpdate("DELETE FROM mfa_recovery_codes WHERE user_id = :user AND directory = :directory")
                    .bind("user", userId)
                    .bind("directory", directory)
                    .execute();
            h.createUpdate("INSERT INTO mfa_recovery_codes (user_id, directory, code_hash, created_at) "
                            + "VALUES (:user, :directory, :hash, :now)")
                    .bind("user", userId)
                    .bind("directory", directory)
                    .bind("hash", codeHash)
                    .bind("now", now)
                    .execute();
        });
    }

    @Override
    public boolean replaceRecoveryCode(String userId, String directory, String oldHash, String newHash, long now) {
        return sql.withHandle(h -> h.createUpdate("UPDATE mfa_recovery_codes SET code_hash = :new, created_at = :now "
                        + "WHERE user_id = :user AND directory = :directory AND code_hash = :old")
                .bind("user", userId)
                .bind("directory", directory)
                .bind("old", oldHash)
                .bind("new", newHash)
                .bind("now", now)
                .execute()) == 1;
    }

    @Override
    public void saveToken(MfaToken t) {
        sql.useHandle(h -> h.createUpdate("INSERT INTO mfa_tokens (" + TOKEN + ") VALUES (:hash, :client, :user, "
                        + ":directory, :username, :scopes, :audience, :failures, :created, :expires)")
                .bind("hash", t.tokenHash())
                .bind("client", t.clientId())
                .bind("user", t.userId())
                .bind("directory", t.directory())
                .bind("username", t.username())
                .bind("scopes", Lists.join(t.scopes()))
                .bind("audience", t.audience())
                .bind("failures", t.failures())
                .bind("created", t.createdAt())
                .bind("expires", t.expiresAt())
                .execute());
    }

    @Override
    public Optional<MfaToken> findToken(String tokenHash) {
        return sql.withHandle(h -> h.createQuery("SELECT " + TOKEN + " FROM mfa_tokens WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .map((rs, ctx) -> new MfaToken(rs.getString("token_hash"), rs.getString("client_id"),
                        rs.getString("user_id"), rs.getString("directory"), rs.getString("username"),
                        Lists.split(rs.getString("scopes")), rs.getString("audience"), rs.getInt("failures"),
                        rs.getLong("created_at"), rs.getLong("expires_at")))
                .findOne());
    }

    @Override
    public boolean reserveTry(String tokenHash, int maxTries, long now) {
        // counted before the code is checked, so that codes sent at once cannot exceed the budget
        return sql.withHandle(h -> h.createUpdate("UPDATE mfa_tokens SET failures = failures + 1 "
                        + "WHERE token_hash = :hash AND failures < :max AND expires_at > :now")
                .bind("hash", tokenHash)
                .bind("max", maxTries)
                .bind("now", now)
                .execute()) == 1;
    }

    @Override
    public boolean consumeToken(String tokenHash) {
        return sql.withHandle(h -> h.createUpdate("DELETE FROM mfa_tokens WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .execute()) == 1;
    }

    @Override
    public int purgeExpiredTokens(long now) {
        return sql.withHandle(h -> h.createUpdate("DELETE FROM mfa_tokens WHERE expires_at <= :now")
                .bind("now", now)
                .execute());
    }

    private static Authenticator authenticator(ResultSet rs) throws SQLException {
        return new Authenticator(rs.getString("id"), rs.getString("user_id"), rs.getString("directory"),
                rs.getString("sealed_secret"), rs.getBoolean("active"), rs.getLong("created_at"),
                rs.getLong("last_step"));
    }
}
