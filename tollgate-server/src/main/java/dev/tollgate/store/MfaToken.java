package dev.tollgate.store;

import java.util.Set;

/**
 * A login waiting for its second factor: whose password was right, at which client, and what it
 * asked for, so that the second step issues what the first would have.
 *
 * @param tokenHash the SHA-256 of the {@code mfa_token} given to the client
 * @param username as the login named the user, which the lockout counts on
 * @param audience the API asked for, null for the default audience
 * @param failures wrong codes given with it so far
 */
public record MfaToken(String tokenHash, String clientId, String userId, String directory, String username,
        Set<String> scopes, String audience, int failures, long createdAt, long expiresAt) {
    public MfaToken {
        scopes = Set.copyOf(scopes);
    }
}
