package dev.tollgate.store;

import java.util.List;
import java.util.Optional;

public interface ApiStore {
    Optional<Api> find(String identifier);

    /** Creates the API or replaces every field of the one with the same identifier. */
    void save(Api api);

    boolean remove(String identifier);

    List<Api> list();
}
