package dev.tollgate.oauth;

import dev.tollgate.identity.BruteForceGuard;
import dev.tollgate.identity.Directories;
import dev.tollgate.identity.Identity;
import dev.tollgate.mfa.MultiFactor;
import dev.tollgate.observe.AuditLog;
import dev.tollgate.store.Api;
import dev.tollgate.store.ApiStore;
import dev.tollgate.store.Client;
import dev.tollgate.store.MfaToken;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The second step of a login that needs a second factor, which the {@code mfa-otp} and
 * {@code mfa-recovery-code} grants share: the client's own {@code mfa_token}, the username's
 * lockout (a wrong code counts as a wrong password does), one of the token's tries, the code, and
 * then the tokens the password step would have issued.
 */
public final class SecondFactor {
    /** RFC 8176: a password and a one-time password. */
    static final List<String> PWD_OTP = List.of("pwd", "otp");
    /** RFC 8176: a password and another factor (a recovery code). */
    static final List<String> PWD_MFA = List.of("pwd", "mfa");

    private final MfaChallenges challenges;
    private final MultiFactor mfa;
    private final Directories directories;
    private final ApiStore apis;
    private final TokenIssuer issuer;
    private final BruteForceGuard guard;
    private final AuditLog audit;

    public SecondFactor(MfaChallenges challenges, MultiFactor mfa, Directories directories, ApiStore apis,
            TokenIssuer issuer, BruteForceGuard guard, AuditLog audit) {
        this.challenges = challenges;
        this.mfa = mfa;
        this.directories = directories;
        this.apis = apis;
        this.issuer = issuer;
        this.guard = guard;
        this.audit = audit;
    }

    MultiFactor mfa() {
        return mfa;
    }

    MfaChallenges challenges() {
        return challenges;
    }

    /**
     * Checks a code given with {@code mfa_token}: {@code check} answers, for the user, empty for a
     * wrong code or a value to carry into the response. {@code wrong} is the description of a
     * wrong code.
     */
    TokenResponse complete(Client client, TokenRequest request, List<String> amr, String wrong,
            Function<Identity, Optional<String>> check, String responseMember) {
        MfaToken token = challenges.forClient(client, request.required("mfa_token"));
        String ip = request.clientIp();
        BruteForceGuard.Attempt attempt = begin(client, token.username(), ip);
        boolean ended = false;
        try {
            if (!challenges.reserveTry(token)) {
                throw OAuthError.mfaInvalidGrant("Invalid or expired mfa_token").exception();
            }
            Identity user = directories.findUser(token.directory(), token.userId())
                    .orElseThrow(() -> OAuthError.mfaInvalidGrant("Invalid or expired mfa_token").exception());
            Optional<String> passed = check.apply(user);
            if (passed.isEmpty()) {
                ended = true;
                guard.failed(attempt, ip);
                audit.loginFailed(client.id(), token.username(), ip, "wrong_second_factor");
                throw OAuthError.mfaInvalidGrant(wrong).exception();
            }
            if (!challenges.finish(token)) {
                throw OAuthError.mfaInvalidGrant("Invalid or expired mfa_token").exception();
            }
            ended = true;
            guard.succeeded(attempt);
            Api api = token.audience() == null ? null : apis.find(token.audience())
                    .orElseThrow(() -> OAuthError.mfaInvalidGrant("the login's API no longer exists").exception());
            TokenResponse response = issue(client, user, token.scopes(), api, amr, ip);
            return responseMember == null ? response : response.with(responseMember, passed.get());
        } finally {
            if (!ended) {
                guard.abandoned(attempt);
            }
        }
    }

    TokenResponse issue(Client client, Identity user, java.util.Set<String> scopes, Api api, List<String> amr,
            String ip) {
        return issuer.issue(new Grant(client, Subject.of(user), scopes, api, amr), client.issuesRefreshToken(scopes),
                ip);
    }

    /** The lockout's check of a username, as the password grant makes it. */
    BruteForceGuard.Attempt begin(Client client, String username, String ip) {
        try {
            return guard.check(username, client.id(), ip);
        } catch (BruteForceGuard.Locked e) {
            audit.loginFailed(client.id(), username, ip, "locked");
            throw new OAuthException(OAuthError.tooManyAttempts("too many failed logins for this username; retry later"),
                    Map.of("Retry-After", Long.toString(e.retryAfterSeconds())));
        }
    }
}
