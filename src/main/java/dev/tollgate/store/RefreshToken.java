package dev.tollgate.store;

import java.util.Set;

/**
 * A refresh token as stored: only the SHA-256 of the token value is kept.
 *
 * @param rotatedAt when it was exchanged for its successor; null while it is the family's current token
 */
public record RefreshToken(
        String tokenHash,
        String familyId,
        String clientId,
        String userId,
        Set<String> scopes,
        long issuedAt,
        long expiresAt,
        Long rotatedAt) {
    public RefreshToken {
        scopes = Set.copyOf(scopes);
    }
}
