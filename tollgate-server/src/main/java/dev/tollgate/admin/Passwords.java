package dev.tollgate.admin;

import dev.tollgate.identity.PasswordHasher;

/** Hashing rules shared by clients and users. */
final class Passwords {
    private Passwords() {}

    /** The stored hash when it matches the value and uses the current parameters; else a new hash. */
    static String keepOrHash(PasswordHasher hasher, String value, String storedHash) {
        if (storedHash != null && !hasher.needsRehash(storedHash) && hasher.verify(value, storedHash)) {
            return storedHash;
        }
        return hasher.hash(value);
    }
}
