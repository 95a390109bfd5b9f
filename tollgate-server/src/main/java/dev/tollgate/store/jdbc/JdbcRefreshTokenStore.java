package dev.tollgate.store.jdbc;

import dev.tollgate.store.RefreshToken;
import dev.tollgate.store.RefreshTokenStore;
import dev.tollgate.store.Session;
import dev.tollgate.store.TokenFamily;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

public final class JdbcRefreshTokenStore implements RefreshTokenStore {
    private static final String TOKEN_COLUMNS =
            "token_hash, family_id, client_id, user_id, scopes, issued_at, expires_at, rotated_at, client_ip";
    private static final String FAMILY_COLUMNS =
            "id, client_id, user_id, user_directory, audience, scopes, created_at, expires_at, revoked_at";

    // the family's columns come back as family_<name>: both tables have client_id, scopes, expires_at
    private static final String FIND_WITH_FAMILY = "SELECT " + prefixed("t.", TOKEN_COLUMNS, "") + ", "
            + prefixed("f.", FAMILY_COLUMNS, "family_") + " FROM refresh_tokens t "
            + "JOIN token_families f ON f.id = t.family_id WHERE t.token_hash = :hash";

    private final Sql sql;

    public JdbcRefreshTokenStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void startFamily(TokenFamily family, RefreshToken first) {
        sql.useTransaction(h -> {
            h.createUpdate("INSERT INTO token_families (" + FAMILY_COLUMNS + ") VALUES (:id, :client, :user, "
                            + ":directory, :audience, :scopes, :created, :expires, NULL)")
                    .bind("id", family.id())
                    .bind("client", family.clientId())
                    .bind("user", family.userId())
                    .bind("directory", family.userDirectory())
                    .bind("audience", family.audience())
                    .bind("scopes", Lists.join(family.scopes()))
                    .bind("created", family.createdAt())
                    .bind("expires", family.expiresAt())
                    .execute();
            insert(h, first);
        });
    }

    @Override
    public Optional<RefreshToken> find(String tokenHash) {
        return sql.withHandle(h -> h.createQuery("SELECT " + TOKEN_COLUMNS + " FROM refresh_tokens "
                        + "WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .map(JdbcRefreshTokenStore::token)
                .findOne());
    }

    @Override
    public Optional<TokenFamily> findFamily(String familyId) {
        return sql.withHandle(h -> h.createQuery("SELECT " + FAMILY_COLUMNS + " FROM token_families WHERE id = :id")
                .bind("id", familyId)
                .map(JdbcRefreshTokenStore::family)
                .findOne());
    }

    @Override
    public Optional<RefreshToken.InFamily> findWithFamily(String tokenHash) {
        return sql.withHandle(h -> h.createQuery(FIND_WITH_FAMILY)
                .bind("hash", tokenHash)
                .map((rs, ctx) -> new RefreshToken.InFamily(token(rs, ctx), family(rs, "family_")))
                .findOne());
    }

    /** {@code columns} of one table of a join, each read back as {@code alias} + its name. */
    private static String prefixed(String table, String columns, String alias) {
        return Arrays.stream(columns.split(", "))
                .map(column -> table + column + (alias.isEmpty() ? "" : " AS " + alias + column))
                .collect(Collectors.joining(", "));
    }

    @Override
    public boolean rotate(String currentHash, RefreshToken next, long now) {
        return sql.inTransaction(h -> {
            // a correlated EXISTS looks up the one family by its key; "family_id IN (SELECT id ...)" made
            // H2 collect every live family on each rotation, so refreshes slowed as logins accumulated
            int updated = h.createUpdate("UPDATE refresh_tokens SET rotated_at = :now WHERE token_hash = :hash "
                            + "AND rotated_at IS NULL AND EXISTS (SELECT 1 FROM token_families f "
                            + "WHERE f.id = refresh_tokens.family_id AND f.revoked_at IS NULL)")
                    .bind("now", now)
                    .bind("hash", currentHash)
                    .execute();
            if (updated != 1) {
                return false;
            }
            insert(h, next);
            return true;
        });
    }

    @Override
    public void revokeFamily(String familyId, long now) {
        sql.useHandle(h -> h.createUpdate(
                        "UPDATE token_families SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .bind("now", now)
                .bind("id", familyId)
                .execute());
    }

    @Override
    public List<Session> sessions(String userDirectory, String userId, long now) {
        return sql.withHandle(h -> h.createQuery("SELECT f.id, f.client_id, f.user_id, f.user_directory, f.audience, "
                        + "f.scopes, f.created_at, f.expires_at, f.revoked_at, t.issued_at AS last_used, t.client_ip "
                        + "FROM token_families f JOIN refresh_tokens t ON t.family_id = f.id AND t.rotated_at IS NULL "
                        + "WHERE f.user_directory = :directory AND f.user_id = :user AND f.revoked_at IS NULL "
                        + "AND f.expires_at > :now AND t.expires_at > :now ORDER BY f.created_at DESC, f.id")
                .bind("directory", userDirectory)
                .bind("user", userId)
                .bind("now", now)
                .map((rs, ctx) -> new Session(family(rs, ctx), rs.getLong("last_used"), rs.getString("client_ip")))
                .list());
    }

    @Override
    public int revokeUserFamilies(String userDirectory, String userId, long now) {
        return sql.withHandle(h -> h.createUpdate("UPDATE token_families SET revoked_at = :now "
                        + "WHERE user_directory = :directory AND user_id = :user AND revoked_at IS NULL")
                .bind("now", now)
                .bind("directory", userDirectory)
                .bind("user", userId)
                .execute());
    }

    @Override
    public void revokeUser(String userId, String directory, long now) {
        sql.useTransaction(h -> {
            for (String table : List.of("access_tokens", "token_families")) {
                h.createUpdate("UPDATE " + table + " SET revoked_at = :now "
                                + "WHERE user_id = :id AND user_directory = :directory AND revoked_at IS NULL")
                        .bind("now", now)
                        .bind("id", userId)
                        .bind("directory", directory)
                        .execute();
            }
        });
    }

    @Override
    public int purgeExpired(long now) {
        return sql.deleteInBatches("refresh_tokens", "expires_at < :bound", now)
                + sql.deleteInBatches("token_families", "expires_at < :bound", now);
    }

    private static void insert(Handle h, RefreshToken token) {
        h.createUpdate("INSERT INTO refresh_tokens (" + TOKEN_COLUMNS + ") VALUES (:hash, :family, :client, :user, "
                        + ":scopes, :iat, :exp, NULL, :ip)")
                .bind("hash", token.tokenHash())
                .bind("family", token.familyId())
                .bind("client", token.clientId())
                .bind("user", token.userId())
                .bind("scopes", Lists.join(token.scopes()))
                .bind("iat", token.issuedAt())
                .bind("exp", token.expiresAt())
                .bind("ip", token.clientIp())
                .execute();
    }

    private static RefreshToken token(ResultSet rs, StatementContext ctx) throws SQLException {
        return new RefreshToken(
                rs.getString("token_hash"),
                rs.getString("family_id"),
                rs.getString("client_id"),
                rs.getString("user_id"),
                Lists.split(rs.getString("scopes")),
                rs.getLong("issued_at"),
                rs.getLong("expires_at"),
                Columns.nullableLong(rs, "rotated_at"),
                rs.getString("client_ip"));
    }

    private static TokenFamily family(ResultSet rs, StatementContext ctx) throws SQLException {
        return family(rs, "");
    }

    private static TokenFamily family(ResultSet rs, String alias) throws SQLException {
        return new TokenFamily(
                rs.getString(alias + "id"),
                rs.getString(alias + "client_id"),
                rs.getString(alias + "user_id"),
                rs.getString(alias + "user_directory"),
                rs.getString(alias + "audience"),
                Lists.split(rs.getString(alias + "scopes")),
                rs.getLong(alias + "created_at"),
                rs.getLong(alias + "expires_at"),
                Columns.nullableLong(rs, alias + "revoked_at"));
    }
}
