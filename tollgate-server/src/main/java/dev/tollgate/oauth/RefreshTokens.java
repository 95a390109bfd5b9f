package dev.tollgate.oauth;

import dev.tollgate.store.RefreshToken;
import dev.tollgate.store.RefreshTokenStore;
import dev.tollgate.store.TokenFamily;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Refresh tokens (RFC 6749 section 6, RFC 9700 section 4.14): each login starts a family; each
 * use rotates to a new token with a sliding expiry, capped by the family's absolute lifetime.
 */
public final class RefreshTokens {
    /**
     * How long a family read for access-token validation is reused. A revocation made by this
     * process clears it at once; one made by another node is seen here within this time.
     */
    static final Duration FAMILY_CACHE = Duration.ofSeconds(1);

    private final RefreshTokenStore store;
    private final TokenSettings settings;
    private final Cache<String, Optional<TokenFamily>> families = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(FAMILY_CACHE)
            .build();

    /** A refresh token value and the family it belongs to. */
    public record Issued(String value, String familyId) {}

    public RefreshTokens(RefreshTokenStore store, TokenSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    public Issued startFamily(Grant grant, Instant now, String clientIp) {
        long issued = now.getEpochSecond();
        TokenFamily family = new TokenFamily(UUID.randomUUID().toString(), grant.client().id(),
                grant.subject().userId(), grant.subject().directory(), grant.audience(), grant.scopes(), issued,
                issued + settings.refreshTokenMaxLifetime(), null);
        String value = OpaqueTokens.newValue();
        store.startFamily(family, token(value, family, grant.scopes(), issued, clientIp));
        return new Issued(value, family.id());
    }

    /**
     * The successor of {@code current}, or empty when {@code current} was already rotated (by an
     * earlier or a concurrent request) or its family revoked.
     */
    public Optional<String> rotate(RefreshToken current, TokenFamily family, Instant now, String clientIp) {
        String value = OpaqueTokens.newValue();
        RefreshToken next = token(value, family, current.scopes(), now.getEpochSecond(), clientIp);
        return store.rotate(current.tokenHash(), next, now.getEpochSecond()) ? Optional.of(value) : Optional.empty();
    }

    public Optional<RefreshToken> find(String value) {
        return store.find(OpaqueTokens.hash(value));
    }

    /** The token with its family, in one read. */
    public Optional<RefreshToken.InFamily> findWithFamily(String value) {
        return store.findWithFamily(OpaqueTokens.hash(value));
    }

    /**
     * The family as read at most {@link #FAMILY_CACHE} ago, for checking the access tokens issued
     * from it: every introspection and UserInfo call would otherwise read it again. The refresh
     * grant itself always reads the stored family, and rotation re-checks it in its transaction.
     */
    public Optional<TokenFamily> recentFamily(String familyId) {
        return families.get(familyId, store::findFamily);
    }

    public void revokeFamily(String familyId, Instant now) {
        store.revokeFamily(familyId, now.getEpochSecond());
        families.invalidate(familyId);
    }

    /** Every family of a user who is gone from its directory, with their access tokens. */
    public void revokeUser(String userId, String directory, Instant now) {
        store.revokeUser(userId, directory, now.getEpochSecond());
    }

    /** The refresh token if it could be used now: current, unexpired, in an active family. */
    public Optional<RefreshToken.InFamily> usable(String value, Instant now) {
        long at = now.getEpochSecond();
        return findWithFamily(value)
                .filter(found -> found.token().rotatedAt() == null && found.token().expiresAt() > at
                        && found.family().isActive(at));
    }

    private RefreshToken token(String value, TokenFamily family, Set<String> scopes, long issued, String clientIp) {
        long expires = Math.min(issued + settings.refreshTokenTtl(), family.expiresAt());
        return new RefreshToken(OpaqueTokens.hash(value), family.id(), family.clientId(), family.userId(), scopes,
                issued, expires, null, clientIp);
    }
}
