package dev.tollgate.store;

import java.util.Set;

/**
 * The refresh tokens descended from one login, rotated one after another. Revoking the family
 * revokes every refresh token in it and the access tokens issued from them.
 *
 * @param userId null for a family without a user
 * @param userDirectory the directory of the user, null without one
 * @param audience the API the tokens are for, or null for the server's default audience
 * @param expiresAt the absolute end of the family, however often it is refreshed
 * @param revokedAt null while the family is valid
 */
public record TokenFamily(
        String id,
        String clientId,
        String userId,
        String userDirectory,
        String audience,
        Set<String> scopes,
        long createdAt,
        long expiresAt,
        Long revokedAt) {
    public TokenFamily {
        scopes = Set.copyOf(scopes);
    }

    public boolean isActive(long now) {
        return revokedAt == null && expiresAt > now;
    }
}
