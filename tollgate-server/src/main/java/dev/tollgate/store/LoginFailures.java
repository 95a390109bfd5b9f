package dev.tollgate.store;

/**
 * The failed-login counters of one submitted username, or of one origin of it (see {@link LoginFailureStore}).
 *
 * @param usernameKey hex SHA-256 of the lower-cased username (and of the origin, for an origin's entry)
 * @param failures consecutive failures since the last success or lockout, counting checks under way
 * @param lockouts lockouts so far
 * @param lockedUntil epoch seconds; 0 when never locked
 * @param lockoutOpen a lockout has started and its end has not been recorded yet
 * @param trustedUntil for an origin's entry, until when (epoch seconds) it keeps its own count; else 0
 */
public record LoginFailures(
        String usernameKey, String username, int failures, int lockouts, long lockedUntil, boolean lockoutOpen,
        long trustedUntil) {

    public boolean lockedAt(long epochSecond) {
        return lockedUntil > epochSecond;
    }

    public boolean trustedAt(long epochSecond) {
        return trustedUntil > epochSecond;
    }
}
