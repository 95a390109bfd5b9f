package dev.tollgate.store.jdbc;

import dev.tollgate.store.SigningKey;
import dev.tollgate.store.SigningKeyStore;
import java.util.List;

public final class JdbcSigningKeyStore implements SigningKeyStore {
    private final Sql sql;

    public JdbcSigningKeyStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public List<SigningKey> list() {
        return sql.withHandle(h -> h.createQuery("SELECT kid, alg, jwk, created_at, active_from, retire_at "
                        + "FROM signing_keys ORDER BY active_from DESC, created_at DESC, kid")
                .map((rs, ctx) -> new SigningKey(rs.getString("kid"), rs.getString("alg"), rs.getString("jwk"),
                        rs.getLong("created_at"), rs.getLong("active_from"), Columns.nullableLong(rs, "retire_at")))
                .list());
    }

    @Override
    public void add(SigningKey key) {
        sql.useHandle(h -> h.createUpdate("INSERT INTO signing_keys (kid, alg, jwk, created_at, active_from, retire_at) "
                        + "VALUES (:kid, :alg, :jwk, :created, :active, :retire)")
                .bind("kid", key.kid())
                .bind("alg", key.alg())
                .bind("jwk", key.jwk())
                .bind("created", key.createdAt())
                .bind("active", key.activeFrom())
                .bind("retire", key.retireAt())
                .execute());
    }

    @Override
    public void replaceJwk(String kid, String jwk) {
        sql.useHandle(h -> h.createUpdate("UPDATE signing_keys SET jwk = :jwk WHERE kid = :kid")
                .bind("kid", kid)
                .bind("jwk", jwk)
                .execute());
    }

    @Override
    public void retireOthers(String alg, String keep, long retireAt) {
        sql.useHandle(h -> h.createUpdate("UPDATE signing_keys SET retire_at = :retire "
                        + "WHERE alg = :alg AND kid <> :keep AND retire_at IS NULL")
                .bind("alg", alg)
                .bind("keep", keep)
                .bind("retire", retireAt)
                .execute());
    }

    @Override
    public int purgeRetired(long now) {
        return sql.withHandle(h -> h.createUpdate("DELETE FROM signing_keys WHERE retire_at IS NOT NULL "
                        + "AND retire_at <= :now")
                .bind("now", now)
                .execute());
    }
}
