package dev.tollgate.store;

import java.util.List;
import java.util.Optional;

public interface ClientStore {
    Optional<Client> find(String id);

    /** Creates the client or replaces every field of the one with the same id. */
    void save(Client client);

    boolean remove(String id);

    List<Client> list();
}
