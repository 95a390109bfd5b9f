package dev.tollgate.oauth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an active token stands for: the basis of an introspection response (RFC 7662) and of
 * every check of a presented access token.
 *
 * @param tokenType "Bearer" for access tokens, "refresh_token" for refresh tokens
 * @param username null for tokens without a user
 * @param userDirectory the user's directory; null without a user, and for a JWT that has no
 *     refresh token family to tell it
 * @param familyId the refresh token family, or null
 */
public record TokenInfo(
        String tokenType,
        String clientId,
        String subject,
        String username,
        String userDirectory,
        Set<String> scopes,
        List<String> audience,
        String issuer,
        long expiresAt,
        long issuedAt,
        String jti,
        String familyId) {

    public TokenInfo {
        scopes = Set.copyOf(scopes);
        audience = List.copyOf(audience);
    }

    public Map<String, Object> toIntrospection() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("active", true);
        if (!scopes.isEmpty()) {
            json.put("scope", String.join(" ", new TreeSet<>(scopes)));
        }
        json.put("client_id", clientId);
        if (username != null) {
            json.put("username", username);
        }
        json.put("sub", subject);
        json.put("aud", audience.size() == 1 ? audience.get(0) : audience);
        json.put("iss", issuer);
        json.put("exp", expiresAt);
        json.put("iat", issuedAt);
        json.put("token_type", tokenType);
        if (jti != null) {
            json.put("jti", jti);
        }
        return json;
    }
}
