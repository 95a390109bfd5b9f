package dev.tollgate.oauth;

import java.time.Clock;
import java.time.Instant;

/** Issues the tokens of a new grant: an access token and, when asked, the first refresh token of a family. */
public final class TokenIssuer {
    private final AccessTokenIssuer accessTokens;
    private final RefreshTokens refreshTokens;
    private final Clock clock;

    public TokenIssuer(AccessTokenIssuer accessTokens, RefreshTokens refreshTokens, Clock clock) {
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
    }

    public TokenResponse issue(Grant grant, boolean withRefreshToken) {
        Instant now = clock.instant();
        RefreshTokens.Issued refresh = withRefreshToken ? refreshTokens.startFamily(grant, now) : null;
        AccessTokenIssuer.Issued access = accessTokens.issue(grant, refresh == null ? null : refresh.familyId(), now);
        return new TokenResponse(access.value(), access.ttl(), refresh == null ? null : refresh.value(),
                grant.scopes(), now.getEpochSecond());
    }
}
