package dev.tollgate.store;

import java.util.List;
import java.util.Optional;

/**
 * Failed-login counters and lockouts per key: a username's, or one origin's of a username (a
 * client and address where a login of that user succeeded). Every change is a single conditional
 * statement, so several server processes on one database agree on when a lockout starts and ends
 * and on how many checks a key may have under way.
 */
public interface LoginFailureStore {
    Optional<LoginFailures> find(String usernameKey);

    /**
     * Counts one more attempt (creating the entry) if the entry has fewer than {@code maxFailures}
     * and no running lockout; false when it has not. The attempt counts as a failure until
     * {@link #clear}, {@link #trust} or {@link #release} says otherwise.
     */
    boolean reserve(String usernameKey, String username, int maxFailures, long now);

    /** Takes back an attempt that was neither a success nor a failure (the check could not run). */
    void release(String usernameKey, long now);

    /**
     * Locks until {@code lockedUntil} and resets the failure count, if the entry still has
     * {@code lockouts} lockouts, at least {@code minFailures} failures and no running lockout.
     * False when another request or process got there first.
     */
    boolean lock(String usernameKey, int lockouts, int minFailures, long lockedUntil, long now);

    /** Records the end of a lockout that is over; false when there was none or it was already recorded. */
    boolean endLockout(String usernameKey, long now);

    /** Records the end of every lockout that is over and not yet recorded, and returns those entries. */
    List<LoginFailures> endExpiredLockouts(long now);

    /** Forgets the entry's failures and lockouts unless it is locked now; false when nothing was forgotten. */
    boolean clear(String usernameKey, long now);

    /**
     * Trusts an origin of the user until {@code trustedUntil} (creating its entry) and resets its
     * failures unless it is locked now.
     */
    void trust(String originKey, String userKey, String username, long trustedUntil, long now);

    /** Forgets the username's entry and those of all its origins; false when there were none. */
    boolean clearUser(String userKey);

    /**
     * Usernames locked now, by key, {@code limit} at most, after the key {@code afterKey} (null:
     * from the start). Origins' entries are not listed.
     */
    List<LoginFailures> locked(long now, String afterKey, int limit);

    /** Forgets entries without failures, lockouts or trust since {@code before}; returns how many. */
    int purge(long before);
}
