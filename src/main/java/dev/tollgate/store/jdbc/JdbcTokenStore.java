package dev.tollgate.store.jdbc;

import dev.tollgate.store.RefreshToken;
import dev.tollgate.store.TokenStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

public final class JdbcTokenStore implements TokenStore {
    private final Jdbi jdbi;

    public JdbcTokenStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void saveRefreshToken(RefreshToken token) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO refresh_tokens (token_hash, family_id, client_id, user_id, "
                        + "scopes, issued_at, expires_at) VALUES (:hash, :family, :client, :user, :scopes, :iat, :exp)")
                .bind("hash", token.tokenHash())
                .bind("family", token.familyId())
                .bind("client", token.clientId())
                .bind("user", token.userId())
                .bind("scopes", Lists.join(token.scopes()))
                .bind("iat", token.issuedAt())
                .bind("exp", token.expiresAt())
                .execute());
    }

    @Override
    public Optional<RefreshToken> findRefreshToken(String tokenHash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT token_hash, family_id, client_id, user_id, scopes, "
                        + "issued_at, expires_at FROM refresh_tokens WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .map(JdbcTokenStore::map)
                .findOne());
    }

    private static RefreshToken map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new RefreshToken(
                rs.getString("token_hash"),
                rs.getString("family_id"),
                rs.getString("client_id"),
                rs.getString("user_id"),
                Lists.split(rs.getString("scopes")),
                rs.getLong("issued_at"),
                rs.getLong("expires_at"));
    }
}
