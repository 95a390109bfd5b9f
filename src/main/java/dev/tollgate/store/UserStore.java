package dev.tollgate.store;

import java.util.List;
import java.util.Optional;

public interface UserStore {
    Optional<User> findByUsername(String username);

    Optional<User> findById(String id);

    /** Creates the user or replaces every field of the one with the same id. */
    void save(User user);

    void updatePasswordHash(String id, String passwordHash);

    boolean removeByUsername(String username);

    List<User> list();
}
