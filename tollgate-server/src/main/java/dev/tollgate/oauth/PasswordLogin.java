package dev.tollgate.oauth;

import dev.tollgate.identity.Authentication;
import dev.tollgate.identity.BruteForceGuard;
import dev.tollgate.identity.Directory;
import dev.tollgate.identity.Identity;
import dev.tollgate.identity.LoginQueue;
import dev.tollgate.mfa.MultiFactor;
import dev.tollgate.observe.AuditLog;
import dev.tollgate.store.Api;
import dev.tollgate.store.Client;
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
 *
 * <p>A user who must give a second factor ({@link MultiFactor#needed}) gets, after a right
 * password, 403 {@code mfa_required} with an {@code mfa_token} for the second step, unless the
 * request carries the code as {@code otp}. A wrong password never says {@code mfa_required}.
 */
public final class PasswordLogin {
    private final Audiences audiences;
    private final ScopePolicy scopes;
    private final TokenIssuer issuer;
    private final BruteForceGuard guard;
    private final LoginQueue queue;
    private final AuditLog audit;
    private final SecondFactor second;

    public PasswordLogin(Audiences audiences, ScopePolicy scopes, TokenIssuer issuer, BruteForceGuard guard,
            LoginQueue queue, AuditLog audit, SecondFactor second) {
        this.second = second;
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
        String ip = request.clientIp();
        // a directory's time limit covers the waits for the lockout's reservation and for a turn too
        long started = System.nanoTime();
        BruteForceGuard.Attempt attempt = second.begin(client, username, ip);
        boolean ended = false;
        try {
            Identity user = checkPassword(client, directory, username, password, ip, started);
            if (user == null) {
                ended = true;
                guard.failed(attempt, ip);
                throw OAuthError.invalidGrant("invalid username or password").exception();
            }
            Set<String> granted = scopes.grant(client, api, user.scopes(), requested);
            MultiFactor mfa = second.mfa();
            if (!mfa.needed(client.mfa(), user.id(), user.directory())) {
                ended = true;
                guard.succeeded(attempt);
                return issuer.issue(new Grant(client, Subject.of(user), granted, api),
                        client.issuesRefreshToken(granted), ip);
            }
            String otp = request.param("otp");
            if (otp != null && mfa.enrolled(user.id(), user.directory())) {
                // Keycloak's way: the code with the password, in one request
                ended = true;
                if (!mfa.verify(user.id(), user.directory(), otp)) {
                    guard.failed(attempt, ip);
                    audit.loginFailed(client.id(), username, ip, "wrong_second_factor");
                    throw OAuthError.mfaInvalidGrant("Invalid otp_code").exception();
                }
                guard.succeeded(attempt);
                return second.issue(client, user, granted, api, SecondFactor.PWD_OTP, ip);
            }
            // The password was right but the login is not done: the failures counted so far stay
            // (abandoned takes back only this attempt), so that wrong codes between right
            // passwords still add up to a lockout.
            String token = second.challenges().start(client, user, username, granted, api == null ? null
                    : api.identifier());
            throw new OAuthException(OAuthError.mfaRequired(token));
        } finally {
            if (!ended) {
                guard.abandoned(attempt);
            }
        }
    }

    /** The user, or null for a wrong password or an unknown user (told apart only in the audit log). */
    private Identity checkPassword(Client client, Directory directory, String username, String password,
            String clientIp, long started) {
        Authentication result = directory.loginQueue().orElse(queue).authenticate(client.id(), clientIp,
                () -> directory.authenticate(username, password, started));
        if (!result.ok()) {
            audit.loginFailed(client.id(), username, clientIp, result.failure());
            return null;
        }
        return result.user();
    }
}
