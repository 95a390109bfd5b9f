package dev.tollgate.oauth;

import dev.tollgate.observe.AuditLog;
import dev.tollgate.store.Api;
import dev.tollgate.store.ApiStore;
import dev.tollgate.store.Client;
import dev.tollgate.store.RefreshToken;
import dev.tollgate.store.TokenFamily;
import dev.tollgate.store.User;
import dev.tollgate.store.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The refresh token grant (RFC 6749 section 6) with rotation and reuse detection (RFC 9700
 * section 4.14.2): every use returns a new refresh token, and presenting one that was already
 * rotated, even concurrently with its first use, revokes its whole family. An ID token comes
 * with the new access token whenever its (possibly narrowed) scopes include {@code openid}.
 */
public final class RefreshTokenGrant implements GrantHandler {
    private final RefreshTokens refreshTokens;
    private final AccessTokenIssuer accessTokens;
    private final IdTokens idTokens;
    private final ApiStore apis;
    private final UserStore users;
    private final Clock clock;
    private final AuditLog audit;

    public RefreshTokenGrant(RefreshTokens refreshTokens, AccessTokenIssuer accessTokens, IdTokens idTokens,
            ApiStore apis, UserStore users, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.refreshTokens = refreshTokens;
        this.accessTokens = accessTokens;
        this.idTokens = idTokens;
        this.apis = apis;
        this.users = users;
        this.clock = clock;
    }

    @Override
    public String grantType() {
        return "refresh_token";
    }

    @Override
    public TokenResponse handle(Client client, TokenRequest request) {
        String value = request.required("refresh_token");
        Set<String> requested = Scopes.parse(request.param("scope"));
        Instant now = clock.instant();
        RefreshToken token = refreshTokens.find(value)
                .filter(found -> found.clientId().equals(client.id()))
                .orElseThrow(() -> invalid("unknown refresh token"));
        TokenFamily family = refreshTokens.family(token.familyId())
                .filter(found -> found.isActive(now.getEpochSecond()) && token.expiresAt() > now.getEpochSecond())
                .orElseThrow(() -> invalid("refresh token expired or revoked"));
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
        Subject subject = family.userId() == null ? Subject.of(client)
                : Subject.of(users.findById(family.userId()).orElseThrow(() -> invalid("unknown user")));
        String next = refreshTokens.rotate(token, family, now)
                .orElseThrow(() -> reused(family, client, request, now));
        Set<String> granted = Objects.requireNonNullElse(requested, token.scopes());
        Grant grant = new Grant(client, subject, granted, api);
        AccessTokenIssuer.Issued access = accessTokens.issue(grant, family.id(), now);
        // The user last authenticated when the family began: a refresh is no new login.
        String idToken = idTokens.issue(grant, Instant.ofEpochSecond(family.createdAt()), access.ttl(), family.id(),
                now);
        return new TokenResponse(access.value(), access.ttl(), next, granted, now.getEpochSecond(), idToken,
                subject.username());
    }

    /** Reuse of a rotated refresh token (RFC 9700 section 4.14.2): its whole family is revoked. */
    private OAuthException reused(TokenFamily family, Client client, TokenRequest request, Instant now) {
        refreshTokens.revokeFamily(family.id(), now);
        String username = family.userId() == null ? null
                : users.findById(family.userId()).map(User::username).orElse(null);
        audit.refreshReuseDetected(client.id(), username, request.clientIp());
        return invalid("refresh token already used; every token of this login is now revoked");
    }

    private static OAuthException invalid(String description) {
        return OAuthError.invalidGrant(description).exception();
    }
}
