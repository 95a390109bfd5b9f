package dev.tollgate.identity;

import dev.tollgate.store.User;
import java.util.Optional;

/** Where users and their passwords live (the database; LDAP later). */
public interface Directory {
    /**
     * The user whose username and password these are, or empty. An unknown username and a wrong
     * password are indistinguishable, in the result and in the time taken.
     */
    Optional<User> authenticate(String username, String password);
}
