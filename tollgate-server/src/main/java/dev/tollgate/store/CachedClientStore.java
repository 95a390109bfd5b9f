package dev.tollgate.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Clients as read at most {@link #MAX_AGE} ago: every token, introspection and revocation request
 * authenticates its client, and reading the row each time was a twentieth of a refresh. A change
 * made through this store is seen at once; one made by another node or process within this time,
 * as a revoked refresh family is.
 */
public final class CachedClientStore implements ClientStore {
    static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final ClientStore store;
    private final Cache<String, Optional<Client>> clients = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(MAX_AGE)
            .build();

    public CachedClientStore(ClientStore store) {
        this.store = store;
    }

    @Override
    public Optional<Client> find(String id) {
        return clients.get(id, store::find);
    }

    @Override
    public void save(Client client) {
        try {
            store.save(client);
        } finally {
            // after the write: a read that began before it is waited for and dropped
            clients.invalidate(client.id());
        }
    }

    @Override
    public boolean remove(String id) {
        try {
            return store.remove(id);
        } finally {
            clients.invalidate(id);
        }
    }

    @Override
    public List<Client> list() {
        return store.list();
    }
}
