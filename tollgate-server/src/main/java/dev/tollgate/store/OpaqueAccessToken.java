package dev.tollgate.store;

import java.util.Set;

/**
 * An opaque access token as stored: the SHA-256 of its value and what introspection reports.
 *
 * @param familyId the refresh token family it was issued from, or null
 * @param userId null for a client acting on its own behalf
 * @param userDirectory the directory of the user, null without one
 */
public record OpaqueAccessToken(
        String tokenHash,
        String familyId,
        String clientId,
        String subject,
        String userId,
        String userDirectory,
        String username,
        Set<String> scopes,
        String audience,
        String jti,
        long issuedAt,
        long expiresAt,
        Long revokedAt) {
    public OpaqueAccessToken {
        scopes = Set.copyOf(scopes);
    }
}
