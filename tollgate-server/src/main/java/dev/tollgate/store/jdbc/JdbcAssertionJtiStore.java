package dev.tollgate.store.jdbc;

import dev.tollgate.store.AssertionJtiStore;
import dev.tollgate.store.StorageUnavailable;

public final class JdbcAssertionJtiStore implements AssertionJtiStore {
    private final Sql sql;

    public JdbcAssertionJtiStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public boolean isUsed(String clientId, String jtiHash) {
        return sql.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM client_assertion_jtis WHERE client_id = :client AND jti_hash = :jti")
                .bind("client", clientId)
                .bind("jti", jtiHash)
                .mapTo(Integer.class)
                .one()) > 0;
    }

    @Override
    public boolean markUsed(String clientId, String jtiHash, long expiresAt) {
        try {
            sql.useHandle(h -> h.createUpdate("INSERT INTO client_assertion_jtis (client_id, jti_hash, expires_at) "
                            + "VALUES (:client, :jti, :exp)")
                    .bind("client", clientId)
                    .bind("jti", jtiHash)
                    .bind("exp", expiresAt)
                    .execute());
            return true;
        } catch (StorageUnavailable e) {
            if (isUsed(clientId, jtiHash)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public int purgeExpired(long now) {
        return sql.deleteInBatches("client_assertion_jtis", "expires_at < :bound", now);
    }
}
