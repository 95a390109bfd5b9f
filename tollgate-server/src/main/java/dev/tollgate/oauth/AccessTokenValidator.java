package dev.tollgate.oauth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.keys.SigningKeys;
import dev.tollgate.store.AccessTokenStore;
import dev.tollgate.store.OpaqueAccessToken;
import dev.tollgate.store.TokenFamily;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;

/**
 * Decides whether a presented access token is active: a JWT signed by one of our keys, of type
 * {@code at+jwt} (or {@code JWT} with a {@code client_id}, for an API that asks for that type),
 * from this issuer, unexpired, not revoked and not from a revoked refresh token family; or an
 * opaque token we issued that is unexpired and not revoked.
 */
public final class AccessTokenValidator {
    private final SigningKeys keys;
    private final AccessTokenStore store;
    private final RefreshTokens refreshTokens;
    private final TokenSettings settings;
    private final String issuer;
    private final Clock clock;
    /** JWT ids found not revoked, reused like {@link RefreshTokens#recentFamily} for the same time. */
    private final Cache<String, Boolean> unrevoked = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(RefreshTokens.FAMILY_CACHE)
            .build();
    /**
     * Claims of JWTs whose signature was just verified, by the whole token: a resource server
     * introspects the same token many times a second, and decoding and verifying it again costs
     * more than the rest of the request. For the same short time, so a retired key's tokens stop
     * validating as soon as the revocation state does; a token that fails is never cached.
     */
    private final Cache<String, JWTClaimsSet> verified = Caffeine.newBuilder()
            .maximumSize(2_000)
            .expireAfterWrite(RefreshTokens.FAMILY_CACHE)
            .build();

    public AccessTokenValidator(SigningKeys keys, AccessTokenStore store, RefreshTokens refreshTokens,
            TokenSettings settings, Clock clock) {
        this.keys = keys;
        this.store = store;
        this.refreshTokens = refreshTokens;
        this.settings = settings;
        this.issuer = settings.issuer();
        this.clock = clock;
    }

    public Optional<TokenInfo> validate(String token) {
        return OpaqueTokens.looksLikeJwt(token) ? jwt(token) : opaque(token);
    }

    /** A JWT access token with a valid signature by one of our keys, whether or not it is still active. */
    public Optional<JWTClaimsSet> signedClaims(String token) {
        JWTClaimsSet known = verified.getIfPresent(token);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<JWTClaimsSet> claims = verify(token);
        claims.ifPresent(valid -> verified.put(token, valid));
        return claims;
    }

    private Optional<JWTClaimsSet> verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JOSEObjectType typ = jwt.getHeader().getType();
            boolean plain = JOSEObjectType.JWT.equals(typ);
            if (!(plain || AccessTokenIssuer.AT_JWT.equals(typ)) || !keys.verify(jwt)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            // typ JWT is also an ID token's: only an access token carries client_id
            return issuer.equals(claims.getIssuer()) && claims.getJWTID() != null && claims.getExpirationTime() != null
                    && (!plain || claims.getClaim("client_id") != null)
                    ? Optional.of(claims)
                    : Optional.empty();
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    private Optional<TokenInfo> jwt(String token) {
        long now = clock.instant().getEpochSecond();
        return signedClaims(token).filter(claims -> seconds(claims.getExpirationTime()) > now).flatMap(claims -> {
            try {
                String familyId = claims.getStringClaim("sid");
                Optional<TokenFamily> family = familyId == null ? Optional.empty() : activeFamily(familyId, now);
                if (isRevoked(claims.getJWTID()) || (familyId != null && family.isEmpty())) {
                    return Optional.empty();
                }
                return Optional.of(new TokenInfo("Bearer", claims.getStringClaim("client_id"), claims.getSubject(),
                        claims.getStringClaim("preferred_username"), family.map(TokenFamily::userDirectory).orElse(null),
                        Scopes.split(claims.getStringClaim("scope")),
                        claims.getAudience(), claims.getIssuer(), seconds(claims.getExpirationTime()),
                        claims.getIssueTime() == null ? 0 : seconds(claims.getIssueTime()), claims.getJWTID(),
                        familyId));
            } catch (ParseException e) {
                return Optional.empty();
            }
        });
    }

    private Optional<TokenInfo> opaque(String token) {
        long now = clock.instant().getEpochSecond();
        return store.find(OpaqueTokens.hash(token))
                .filter(stored -> stored.revokedAt() == null && stored.expiresAt() > now)
                .filter(stored -> stored.familyId() == null || activeFamily(stored.familyId(), now).isPresent())
                .map(this::info);
    }

    private TokenInfo info(OpaqueAccessToken stored) {
        return new TokenInfo("Bearer", stored.clientId(), stored.subject(), stored.username(), stored.userDirectory(),
                stored.scopes(),
                settings.accessTokenAudience(stored.audience(), stored.scopes()), issuer, stored.expiresAt(), stored.issuedAt(), stored.jti(),
                stored.familyId());
    }

    private boolean isRevoked(String jti) {
        // computed under the cache's lock for the key, so a concurrent revoked() cannot be overtaken
        // by a read that began before it; a revoked jti is never cached
        return unrevoked.get(jti, key -> store.isJwtIdRevoked(key) ? null : Boolean.TRUE) == null;
    }

    /** Records that the JWT was just revoked here, so this process stops accepting it at once. */
    public void revoked(String jti) {
        unrevoked.invalidate(jti);
    }

    private Optional<TokenFamily> activeFamily(String familyId, long now) {
        // the cached family is judged against the current time: expiry is exact, only another
        // node's revocation can take up to RefreshTokens.FAMILY_CACHE to be seen
        return refreshTokens.recentFamily(familyId).filter(f -> f.isActive(now));
    }

    static long seconds(Date date) {
        return date.getTime() / 1000;
    }
}
