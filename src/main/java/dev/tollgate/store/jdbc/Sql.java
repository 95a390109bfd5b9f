package dev.tollgate.store.jdbc;

import dev.tollgate.store.StorageUnavailable;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * JDBI as the stores use it: the same four calls, with JDBI's failures turned into
 * {@link StorageUnavailable}, so that no layer above the stores knows JDBI's types.
 */
public final class Sql {
    private final Jdbi jdbi;

    Sql(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public <R> R withHandle(HandleCallback<R, RuntimeException> callback) {
        try {
            return jdbi.withHandle(callback);
        } catch (JdbiException e) {
            throw new StorageUnavailable(e);
        }
    }

    public void useHandle(HandleConsumer<RuntimeException> consumer) {
        try {
            jdbi.useHandle(consumer);
        } catch (JdbiException e) {
            throw new StorageUnavailable(e);
        }
    }

    public <R> R inTransaction(HandleCallback<R, RuntimeException> callback) {
        try {
            return jdbi.inTransaction(callback);
        } catch (JdbiException e) {
            throw new StorageUnavailable(e);
        }
    }

    public void useTransaction(HandleConsumer<RuntimeException> consumer) {
        try {
            jdbi.useTransaction(consumer);
        } catch (JdbiException e) {
            throw new StorageUnavailable(e);
        }
    }
}
