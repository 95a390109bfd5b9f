package dev.tollgate.store;

import java.util.Set;

/**
 * A refresh token as stored: only the SHA-256 of the token value is kept.
 *
 * @param rotatedAt when it was exchanged for its successor; null while it is the family's current token
 * @param clientIp the address of the request it was issued to, or null when not recorded
 */
public record RefreshToken(
        String tokenHash,
        String familyId,
        String clientId,
        String userId,
        Set<String> scopes,
        long issuedAt,
        long expiresAt,
        Long rotatedAt,
        String clientIp) {
    public RefreshToken {
        scopes = Set.copyOf(scopes);
    }

    /** A refresh token and the family it belongs to. */
    public record InFamily(RefreshToken token, TokenFamily family) {}
}
