package dev.tollgate.oauth;

import java.util.List;
import java.util.Set;

/**
 * Server-wide token settings.
 *
 * @param audience the {@code aud} of tokens requested without an API
 * @param refreshTokenTtl sliding lifetime of each refresh token
 * @param refreshTokenMaxLifetime absolute lifetime of a refresh token family
 * @param userInfoEndpoint the absolute URL of the OpenID Connect UserInfo endpoint
 */
public record TokenSettings(
        String issuer,
        String audience,
        long accessTokenTtl,
        long refreshTokenTtl,
        long refreshTokenMaxLifetime,
        String userInfoEndpoint) {

    /**
     * The audiences of an access token for {@code primary} (its API, or the default audience): with
     * {@code openid} granted also the UserInfo endpoint, as Auth0 does, so that resource servers
     * can tell the token may read the user's claims.
     */
    public List<String> accessTokenAudience(String primary, Set<String> scopes) {
        return scopes.contains("openid") && !primary.equals(userInfoEndpoint)
                ? List.of(primary, userInfoEndpoint)
                : List.of(primary);
    }
}
