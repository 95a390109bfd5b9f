package dev.tollgate.oauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import dev.tollgate.identity.Authentication;
import dev.tollgate.identity.BruteForceGuard;
import dev.tollgate.identity.Directories;
import dev.tollgate.identity.Identity;
import dev.tollgate.store.Api;
import dev.tollgate.identity.LoginQueue;
import dev.tollgate.observe.AuditLog;
import dev.tollgate.store.Client;
import java.util.Map;
import java.util.Set;

/**
 * The resource owner password credentials grant (RFC 6749 section 4.3). Audience and scope are
 * checked against the client, and the username against the {@link BruteForceGuard}, before any
 * password is hashed; an unknown user and a wrong password give the same {@code invalid_grant},
 * and a locked username gives the same 429 {@code too_many_attempts} whether or not it exists.
 * Password checks wait their turn in the {@link LoginQueue}, where origins with recent failures
 * come last. The origin is the client and the request's address, which is the end user's when the
 * client forwards it (see {@link RequestOrigin}).
 */
public final class PasswordGrant implements GrantHandler {
    public static final String TYPE = "password";

    private final Directories directories;
    private final Audiences audiences;
    private final ScopePolicy scopes;
    private final TokenIssuer issuer;
    private final BruteForceGuard guard;
    private final LoginQueue queue;
    private final AuditLog audit;

    public PasswordGrant(Directories directories, Audiences audiences, ScopePolicy scopes, TokenIssuer issuer,
            BruteForceGuard guard, LoginQueue queue, AuditLog audit) {
        this.directories = directories;
        this.audiences = audiences;
        this.scopes = scopes;
        this.issuer = issuer;
        this.guard = guard;
        this.queue = queue;
        this.audit = audit;
    }

    @Override
    public String grantType() {
        return TYPE;
    }

    @Override
    public TokenResponse handle(Client client, TokenRequest request) {
        ResourceOwnerPasswordCredentialsGrant grant;
        try {
            grant = ResourceOwnerPasswordCredentialsGrant.parse(request.multiParams());
        } catch (ParseException e) {
            throw OAuthError.from(e).exception();
        }
        Set<String> requested = Scopes.parse(request.param("scope"));
        Api api = audiences.resolve(request);
        scopes.checkRequest(client, api, requested);
        Identity user = authenticate(client, grant.getUsername(), grant.getPassword().getValue(), request.clientIp());
        Set<String> granted = scopes.grant(client, api, user.scopes(), requested);
        return issuer.issue(new Grant(client, Subject.of(user), granted, api), client.issuesRefreshToken(granted),
                request.clientIp());
    }

    private Identity authenticate(Client client, String username, String password, String clientIp) {
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
            result = queue.authenticate(client.id(), clientIp,
                    () -> directories.byDefault().authenticate(username, password));
        } catch (RuntimeException e) {
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
