package dev.tollgate.store.jdbc;

import dev.tollgate.store.AccessTokenStore;
import dev.tollgate.store.OpaqueAccessToken;
import dev.tollgate.store.StorageUnavailable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

public final class JdbcAccessTokenStore implements AccessTokenStore {
    private static final String COLUMNS = "token_hash, family_id, client_id, subject, user_id, user_directory, username, scopes, "
            + "audience, jti, issued_at, expires_at, revoked_at";

    private final Sql sql;

    public JdbcAccessTokenStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void save(OpaqueAccessToken token) {
        sql.useHandle(h -> h.createUpdate("INSERT INTO access_tokens (" + COLUMNS + ") VALUES (:hash, :family, "
                        + ":client, :subject, :user, :directory, :username, :scopes, :audience, :jti, :iat, :exp, NULL)")
                .bind("hash", token.tokenHash())
                .bind("family", token.familyId())
                .bind("client", token.clientId())
                .bind("subject", token.subject())
                .bind("user", token.userId())
                .bind("directory", token.userDirectory())
                .bind("username", token.username())
                .bind("scopes", Lists.join(token.scopes()))
                .bind("audience", token.audience())
                .bind("jti", token.jti())
                .bind("iat", token.issuedAt())
                .bind("exp", token.expiresAt())
                .execute());
    }

    @Override
    public Optional<OpaqueAccessToken> find(String tokenHash) {
        return sql.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM access_tokens WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .map(JdbcAccessTokenStore::map)
                .findOne());
    }

    @Override
    public void revoke(String tokenHash, long now) {
        sql.useHandle(h -> h.createUpdate(
                        "UPDATE access_tokens SET revoked_at = :now WHERE token_hash = :hash AND revoked_at IS NULL")
                .bind("now", now)
                .bind("hash", tokenHash)
                .execute());
    }

    @Override
    public void revokeJwtId(String jti, long expiresAt) {
        try {
            sql.useHandle(h -> h.createUpdate("INSERT INTO revoked_jwt_ids (jti, expires_at) VALUES (:jti, :exp)")
                    .bind("jti", jti)
                    .bind("exp", expiresAt)
                    .execute());
        } catch (StorageUnavailable e) {
            // revoked before, or just now by a concurrent request on any node: revoked either way
            if (!Sql.isUniqueViolation(e)) {
                throw e;
            }
        }
    }

    @Override
    public boolean isJwtIdRevoked(String jti) {
        return sql.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM revoked_jwt_ids WHERE jti = :jti")
                .bind("jti", jti)
                .mapTo(Integer.class)
                .one()) > 0;
    }

    @Override
    public int purgeExpired(long now) {
        return sql.deleteInBatches("access_tokens", "expires_at < :bound", now)
                + sql.deleteInBatches("revoked_jwt_ids", "expires_at < :bound", now);
    }

    private static OpaqueAccessToken map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new OpaqueAccessToken(
                rs.getString("token_hash"),
                rs.getString("family_id"),
                rs.getString("client_id"),
                rs.getString("subject"),
                rs.getString("user_id"),
                rs.getString("user_directory"),
                rs.getString("username"),
                Lists.split(rs.getString("scopes")),
                rs.getString("audience"),
                rs.getString("jti"),
                rs.getLong("issued_at"),
                rs.getLong("expires_at"),
                Columns.nullableLong(rs, "revoked_at"));
    }
}
