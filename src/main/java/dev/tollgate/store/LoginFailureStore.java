package dev.tollgate.store;

import java.util.List;
import java.util.Optional;

/**
 * Failed-login counters and lockouts per username key. Every change is a single conditional
 * statement, so several server processes on one database agree on when a lockout starts and ends.
 */
public interface LoginFailureStore {
    Optional<LoginFailures> find(String usernameKey);

    /** Counts one more failure (creating the entry) and returns the counters after it. */
    LoginFailures recordFailure(String usernameKey, String username, long now);

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

    /** Forgets the username's failures and lockouts; false when there were none. */
    boolean clear(String usernameKey);

    /** Forgets entries without failures or lockouts since {@code before}; returns how many. */
    int purge(long before);
}
