package dev.tollgate.http.console;

import dev.tollgate.identity.Authentication;
import dev.tollgate.identity.BruteForceGuard;
import dev.tollgate.identity.Directories;
import dev.tollgate.identity.Identity;
import dev.tollgate.identity.LoginQueue;
import dev.tollgate.observe.AuditLog;

/**
 * Signing in to the console or the portal with a username and password, by the same path as the
 * password grant: the username's lockout is checked before any hash, the check waits its turn in
 * the login queue, failures count toward the lockout and are audited, and an unknown user, a
 * wrong password and a user without the needed scope all get the same answer.
 */
final class PasswordSignIn {
    private final Directories directories;
    private final BruteForceGuard guard;
    private final LoginQueue queue;
    private final AuditLog audit;

    PasswordSignIn(Directories directories, BruteForceGuard guard, LoginQueue queue, AuditLog audit) {
        this.directories = directories;
        this.guard = guard;
        this.queue = queue;
        this.audit = audit;
    }

    /** Why a sign-in failed; the page tells only "wrong" or "locked". */
    static final class Refused extends RuntimeException {
        final boolean locked;
        final long retryAfter;

        Refused(boolean locked, long retryAfter) {
            super(null, null, false, false);
            this.locked = locked;
            this.retryAfter = retryAfter;
        }
    }

    /**
     * The user, when the password is right and the user holds {@code scope}.
     *
     * @param origin the name the audit log and the login queue know this sign-in by (in place of a client id)
     */
    Identity signIn(String origin, String username, String password, String clientIp, String scope) {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw new Refused(false, 0);
        }
        BruteForceGuard.Attempt attempt;
        try {
            attempt = guard.check(username, origin, clientIp);
        } catch (BruteForceGuard.Locked e) {
            audit.loginFailed(origin, username, clientIp, "locked");
            throw new Refused(true, e.retryAfterSeconds());
        }
        Authentication result;
        try {
            result = queue.authenticate(origin, clientIp, () -> directories.byDefault().authenticate(username, password));
        } catch (RuntimeException e) {
            guard.abandoned(attempt);
            throw e;
        }
        if (!result.ok()) {
            audit.loginFailed(origin, username, clientIp, result.failure());
            guard.failed(attempt, clientIp);
            throw new Refused(false, 0);
        }
        guard.succeeded(attempt);
        if (!result.user().scopes().contains(scope)) {
            // the password was right, but saying so would tell who has an account
            audit.loginFailed(origin, username, clientIp, "missing_scope");
            throw new Refused(false, 0);
        }
        return result.user();
    }
}
