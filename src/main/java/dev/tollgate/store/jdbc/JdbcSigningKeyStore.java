package dev.tollgate.store.jdbc;

import dev.tollgate.store.SigningKey;
import dev.tollgate.store.SigningKeyStore;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

public final class JdbcSigningKeyStore implements SigningKeyStore {
    private final Jdbi jdbi;

    public JdbcSigningKeyStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<SigningKey> list() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT kid, alg, jwk, created_at FROM signing_keys ORDER BY created_at DESC, kid")
                .map((rs, ctx) -> new SigningKey(
                        rs.getString("kid"), rs.getString("alg"), rs.getString("jwk"), rs.getLong("created_at")))
                .list());
    }

    @Override
    public void add(SigningKey key) {
        jdbi.useHandle(h -> h.createUpdate(
                        "INSERT INTO signing_keys (kid, alg, jwk, created_at) VALUES (:kid, :alg, :jwk, :created)")
                .bind("kid", key.kid())
                .bind("alg", key.alg())
                .bind("jwk", key.jwk())
                .bind("created", key.createdAt())
                .execute());
    }
}
