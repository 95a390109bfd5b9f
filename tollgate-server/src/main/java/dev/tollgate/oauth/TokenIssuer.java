package dev.tollgate.oauth;

import dev.tollgate.store.TokenFamily;
import java.time.Clock;
import java.time.Instant;

/**
 * Issues the tokens of a grant: an access token, a refresh token when asked (the first of a new
 * family at a login, the successor at a refresh), and an ID token when the grant calls for one.
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

    /**
     * The tokens of a login, which starts a refresh token family when {@code withRefreshToken}.
     * {@code clientIp} is recorded with the refresh token, for the user's list of sessions.
     */
    public TokenResponse issue(Grant grant, boolean withRefreshToken, String clientIp) {
        Instant now = clock.instant();
        RefreshTokens.Issued refresh = withRefreshToken ? refreshTokens.startFamily(grant, now, clientIp) : null;
        return respond(grant, refresh == null ? null : refresh.familyId(), refresh == null ? null : refresh.value(),
                now, now);
    }

    /**
     * The tokens of a refresh whose rotation gave {@code nextRefreshToken}. The user last
     * authenticated when the family began: a refresh is no new login.
     */
    public TokenResponse refresh(Grant grant, TokenFamily family, String nextRefreshToken, Instant now) {
        return respond(grant, family.id(), nextRefreshToken, Instant.ofEpochSecond(family.createdAt()), now);
    }

    private TokenResponse respond(Grant grant, String familyId, String refreshToken, Instant authTime, Instant now) {
        AccessTokenIssuer.Issued access = accessTokens.issue(grant, familyId, now);
        String idToken = idTokens.issue(grant, authTime, access.ttl(), familyId, now);
        return new TokenResponse(access.value(), access.ttl(), refreshToken, grant.scopes(), now.getEpochSecond(),
                idToken, grant.subject().username());
    }
}
