package dev.tollgate.oauth;

import java.time.Clock;
import java.time.Instant;

/**
 * Issues the tokens of a new login: an access token, when asked the first refresh token of a
 * family, and an ID token when the grant calls for one.
 */
public final class TokenIssuer {
    private final AccessTokenIssuer accessTokens;
    private final RefreshTokens refreshTokens;
    private final IdTokens idTokens;
    private final Clock clock;

    public TokenIssuer(AccessTokenIssuer accessTokens, RefreshTokens refreshTokens, IdTokens idTokens, Clock clock) {
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.idTokens = idTokens;
        this.clock = clock;
    }

    public TokenResponse issue(Grant grant, boolean withRefreshToken) {
        Instant now = clock.instant();
        RefreshTokens.Issued refresh = withRefreshToken ? refreshTokens.startFamily(grant, now) : null;
        String familyId = refresh == null ? null : refresh.familyId();
        AccessTokenIssuer.Issued access = accessTokens.issue(grant, familyId, now);
        String idToken = idTokens.issue(grant, now, access.ttl(), familyId, now);
        return new TokenResponse(access.value(), access.ttl(), refresh == null ? null : refresh.value(),
                grant.scopes(), now.getEpochSecond(), idToken, grant.subject().username());
    }
}
