package dev.tollgate.oauth;

import dev.tollgate.identity.Authentication;
import dev.tollgate.identity.BruteForceGuard;
import dev.tollgate.identity.Directory;
import dev.tollgate.identity.Identity;
import dev.tollgate.identity.LoginQueue;
import dev.tollgate.observe.AuditLog;
import dev.tollgate.store.Api;
import dev.tollgate.store.Client;
import java.util.Map;
import java.util.Set;

/**
 * A login with a username and password in a given directory, the part the password grant and the
 * password-realm grant share. Audience and scope are checked against the client, and the username
 * against the {@link BruteForceGuard}, before any password is hashed or sent to a directory; an
 * unknown user and a wrong password give the same {@code invalid_grant}, and a locked username
 * gives the same 429 {@code too_many_attempts} whether or not it exists. Password checks wait
 * their turn in a {@link LoginQueue} (the hashing one, or the directory's own when it waits for a
 * server rather than the processors), where origins with recent failures come last. The origin is
 * the client and the request's address, which is the end user's when the client forwards it (see
 * {@link RequestOrigin}).
 */
public final class PasswordLogin {
    private final Audiences audiences;
    private final ScopePolicy scopes;
    private final TokenIssuer issuer;
    private final BruteForceGuard guard;
    private final LoginQueue queue;
    private final AuditLog audit;

    public PasswordLogin(Audiences audiences, ScopePolicy scopes, TokenIssuer issuer, BruteForceGuard guard,
            LoginQueue queue, AuditLog audit) {
        this.audiences = audiences;
        this.scopes = scopes;
        this.issuer = issuer;
        this.guard = guard;
        this.queue = queue;
        this.audit = audit;
    }

    TokenResponse login(Client client, TokenRequest request, Directory directory, String username, String password) {
        Set<String> requested = Scopes.parse(request.param("scope"));
        Api api = audiences.resolve(request);
        scopes.checkRequest(client, api, requested);
        Identity user = authenticate(client, directory, username, password, request.clientIp());
        Set<String> granted = scopes.grant(client, api, user.scopes(), requested);
        return issuer.issue(new Grant(client, Subject.of(user), granted, api), client.issuesRefreshToken(granted),
                request.clientIp());
    }

    private Identity authenticate(Client client, Directory directory, String username, String password,
            String clientIp) {
        // a directory's time limit covers the waits for the lockout's reservation and for a turn too
        long started = System.nanoTime();
        BruteForceGuard.Attempt attempt;
        try {
            attempt = guard.check(username, client.id(), clientIp);
        } catch (BruteForceGuard.Locked e) {
            audit.loginFailed(client.id(), username, clientIp, "locked");
            throw new OAuthException(OAuthError.tooManyAttempts("too many failed logins for this username; retry later"),
                    Map.of("Retry-After", Long.toString(e.retryAfterSeconds())));
        }
        Authentication result;
        try {
            result = directory.loginQueue().orElse(queue).authenticate(client.id(), clientIp,
                    () -> directory.authenticate(username, password, started));
        } catch (RuntimeException e) {
            // the directory or the hashing queue could not check it: not a failure of the user's
            guard.abandoned(attempt);
            throw e;
        }
        if (!result.ok()) {
            audit.loginFailed(client.id(), username, clientIp, result.failure());
            guard.failed(attempt, clientIp);
            throw OAuthError.invalidGrant("invalid username or password").exception();
        }
        guard.succeeded(attempt);
        return result.user();
    }
}
