package dev.tollgate.admin;

import dev.tollgate.identity.BruteForceGuard;
import dev.tollgate.store.LoginFailureStore;
import dev.tollgate.store.LoginFailures;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/** The usernames locked out by failed logins, and lifting a lockout. */
public final class Lockouts {
    public static final int MAX_PAGE = 200;
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

    private final LoginFailureStore store;
    private final BruteForceGuard guard;
    private final Clock clock;

    public Lockouts(LoginFailureStore store, BruteForceGuard guard, Clock clock) {
        this.store = store;
        this.guard = guard;
        this.clock = clock;
    }

    /** Locked usernames, {@code limit} at most, after the page that ended at {@code cursor}. */
    public Page<LoginFailures> list(String cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new AdminException.Invalid("limit", "must be between 1 and " + MAX_PAGE);
        }
        if (cursor != null && !KEY.matcher(cursor).matches()) {
            throw new AdminException.Invalid("cursor", "is not a cursor this list gave");
        }
        List<LoginFailures> found = store.locked(clock.instant().getEpochSecond(), cursor, limit + 1);
        List<LoginFailures> page = found.stream().limit(limit).toList();
        return new Page<>(page, found.size() > limit ? page.get(limit - 1).usernameKey() : null);
    }

    /** Clears the username's failures and lockout; not found when nothing was recorded for it. */
    public LoginFailures unlock(String username) {
        return guard.unlock(username)
                .orElseThrow(() -> new AdminException.NotFound("no failed logins recorded for '" + username + "'"));
    }
}
