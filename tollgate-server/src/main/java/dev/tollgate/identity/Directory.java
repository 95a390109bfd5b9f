package dev.tollgate.identity;

import java.util.Optional;

/**
 * Where users and their passwords live. One implementation per kind of directory (the database;
 * LDAP), each registered by name in {@link Directories}.
 */
public interface Directory {
    /** The name tokens and configuration refer to it by: letters, digits, {@code -} and {@code _}. */
    String name();

    /**
     * Checks a username and password. An unknown username and a wrong password cost the same time;
     * only the result's reason (for the audit log) tells them apart.
     */
    Authentication authenticate(String username, String password);

    /**
     * The same, for a login that began at {@code startedNanos} ({@link System#nanoTime()}) and may
     * have waited its turn since: a directory with a time limit counts it from then.
     */
    default Authentication authenticate(String username, String password, long startedNanos) {
        return authenticate(username, password);
    }

    /** The user with this subject identifier, as this server knows it now, for introspection and UserInfo. */
    Optional<Identity> findById(String id);

    /**
     * The user for a refresh: as the directory itself says now (within the limits of its
     * caching); empty when it no longer has the user or has disabled it.
     */
    default Optional<Identity> recheck(String id) {
        return findById(id);
    }

    /**
     * The queue its checks wait in when they do not take the hashing threads (a directory that
     * waits for another server); empty: the hashing queue.
     */
    default Optional<LoginQueue> loginQueue() {
        return Optional.empty();
    }
}
