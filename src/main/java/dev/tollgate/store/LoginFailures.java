package dev.tollgate.store;

/**
 * The failed-login counters of one submitted username (see {@link LoginFailureStore}).
 *
 * @param usernameKey hex SHA-256 of the lower-cased username
 * @param failures consecutive failures since the last success or lockout
 * @param lockouts lockouts so far
 * @param lockedUntil epoch seconds; 0 when never locked
 * @param lockoutOpen a lockout has started and its end has not been recorded yet
 */
public record LoginFailures(
        String usernameKey, String username, int failures, int lockouts, long lockedUntil, boolean lockoutOpen) {

    public boolean lockedAt(long epochSecond) {
        return lockedUntil > epochSecond;
    }
}
