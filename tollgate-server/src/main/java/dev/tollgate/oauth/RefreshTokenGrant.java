package dev.tollgate.oauth;

import dev.tollgate.identity.Directories;
import dev.tollgate.identity.Identity;
import dev.tollgate.observe.AuditLog;
import dev.tollgate.store.Api;
import dev.tollgate.store.ApiStore;
import dev.tollgate.store.Client;
import dev.tollgate.store.RefreshToken;
import dev.tollgate.store.TokenFamily;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The refresh token grant (RFC 6749 section 6) with rotation and reuse detection (RFC 9700
 * section 4.14.2): every use returns a new refresh token, and presenting one that was already
 * rotated, even concurrently with its first use, revokes its whole family. The user is read
 * afresh from its directory, so a removed or disabled user's refresh token stops working (and
 * every other token family of the user is revoked), and the scopes are cut down to what the user
 * and the client may have now.
 */
public final class RefreshTokenGrant implements GrantHandler {
    public static final String TYPE = "refresh_token";

    private final RefreshTokens refreshTokens;
    private final TokenIssuer issuer;
    private final ApiStore apis;
    private final ScopePolicy scopes;
    private final Directories directories;
    private final Clock clock;
    private final AuditLog audit;

    public RefreshTokenGrant(RefreshTokens refreshTokens, TokenIssuer issuer, ApiStore apis, ScopePolicy scopes,
            Directories directories, Clock clock, AuditLog audit) {
        this.refreshTokens = refreshTokens;
        this.issuer = issuer;
        this.apis = apis;
        this.scopes = scopes;
        this.directories = directories;
        this.clock = clock;
        this.audit = audit;
    }

    @Override
    public String grantType() {
        return TYPE;
    }

    @Override
    public TokenResponse handle(Client client, TokenRequest request) {
        String value = request.required("refresh_token");
        Set<String> requested = Scopes.parse(request.param("scope"));
        Instant now = clock.instant();
        RefreshToken.InFamily found = refreshTokens.findWithFamily(value)
                .filter(read -> read.token().clientId().equals(client.id()))
                .orElseThrow(() -> invalid("unknown refresh token"));
        RefreshToken token = found.token();
        TokenFamily family = found.family();
        if (!family.isActive(now.getEpochSecond()) || token.expiresAt() <= now.getEpochSecond()) {
            throw invalid("refresh token expired or revoked");
        }
        if (token.rotatedAt() != null) {
            throw reused(family, client, request, now);
        }
        if (requested != null && !token.scopes().containsAll(requested)) {
            throw OAuthError.invalidScope("a refresh may narrow the original scope, not widen it").exception();
        }
        String audience = Audiences.requested(request);
        if (audience != null && !audience.equals(family.audience())) {
            throw OAuthError.invalidTarget("a refresh token is bound to the audience it was issued for").exception();
        }
        Api api = family.audience() == null ? null
                : apis.find(family.audience()).orElseThrow(() -> invalid("the token's API no longer exists"));
        Subject subject = family.userId() == null ? Subject.of(client) : Subject.of(currentUser(family, now));
        String next = refreshTokens.rotate(token, family, now, request.clientIp())
                .orElseThrow(() -> reused(family, client, request, now));
        Set<String> granted = scopes.current(client, api, subject.isUser() ? subject.user().scopes() : null,
                Objects.requireNonNullElse(requested, token.scopes()));
        return issuer.refresh(new Grant(client, subject, granted, api), family, next, now);
    }

    /**
     * The user as its directory says now. One it no longer has, or has disabled, loses every
     * login it had, not only this one.
     */
    private Identity currentUser(TokenFamily family, Instant now) {
        Optional<Identity> user = directories.recheckUser(family.userDirectory(), family.userId());
        if (user.isEmpty()) {
            if (family.userDirectory() != null) {
                refreshTokens.revokeUser(family.userId(), family.userDirectory(), now);
            }
            throw invalid("unknown user");
        }
        return user.get();
    }

    private Optional<Identity> user(TokenFamily family) {
        return directories.findUser(family.userDirectory(), family.userId());
    }

    /** Reuse of a rotated refresh token (RFC 9700 section 4.14.2): its whole family is revoked. */
    private OAuthException reused(TokenFamily family, Client client, TokenRequest request, Instant now) {
        refreshTokens.revokeFamily(family.id(), now);
        String username = family.userId() == null ? null : user(family).map(Identity::username).orElse(null);
        audit.refreshReuseDetected(client.id(), username, request.clientIp());
        return invalid("refresh token already used; every token of this login is now revoked");
    }

    private static OAuthException invalid(String description) {
        return OAuthError.invalidGrant(description).exception();
    }
}
