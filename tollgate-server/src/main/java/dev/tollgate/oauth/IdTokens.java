package dev.tollgate.oauth;

import java.time.Instant;

/**
 * Issues OpenID Connect ID tokens next to access tokens. The token endpoint knows only this
 * interface, so the OAuth core does not depend on OpenID Connect.
 */
public interface IdTokens {
    /** For servers without OpenID Connect. */
    IdTokens NONE = (grant, authTime, ttl, familyId, now) -> null;

    /**
     * The ID token for the grant, or null when the grant calls for none (no {@code openid} scope,
     * or no user).
     *
     * @param authTime when the user entered their password: now for a password grant, the time of
     *     the original login for a refresh
     * @param ttl seconds; the access token's lifetime
     * @param familyId the refresh token family (the login), or null
     */
    String issue(Grant grant, Instant authTime, long ttl, String familyId, Instant now);
}
