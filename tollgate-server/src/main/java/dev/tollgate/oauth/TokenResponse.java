package dev.tollgate.oauth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A successful token response (RFC 6749 section 5.1, OpenID Connect Core section 3.1.3.3).
 *
 * @param refreshToken null when none is issued
 * @param issuedAt epoch seconds at which the access token was issued
 * @param idToken null when none is issued
 * @param username the resource owner's username, for the audit log (not sent); null without one
 * @param extra further members of the response
 */
public record TokenResponse(
        String accessToken,
        long expiresIn,
        String refreshToken,
        Set<String> scopes,
        long issuedAt,
        String idToken,
        String username,
        Map<String, String> extra) {

    public TokenResponse {
        scopes = Set.copyOf(scopes);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    public TokenResponse(String accessToken, long expiresIn, String refreshToken, Set<String> scopes, long issuedAt,
            String idToken, String username) {
        this(accessToken, expiresIn, refreshToken, scopes, issuedAt, idToken, username, Map.of());
    }

    /** The same response with a further member (the {@code recovery_code} that replaces a used one). */
    public TokenResponse with(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(extra);
        more.put(name, value);
        return new TokenResponse(accessToken, expiresIn, refreshToken, scopes, issuedAt, idToken, username, more);
    }

    public TokenResponse(String accessToken, long expiresIn, String refreshToken, Set<String> scopes, long issuedAt) {
        this(accessToken, expiresIn, refreshToken, scopes, issuedAt, null, null);
    }

    public Map<String, Object> toJson(boolean includeIssuedAt) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("access_token", accessToken);
        json.put("token_type", "Bearer");
        json.put("expires_in", expiresIn);
        if (refreshToken != null) {
            json.put("refresh_token", refreshToken);
        }
        if (!scopes.isEmpty()) {
            json.put("scope", String.join(" ", new TreeSet<>(scopes)));
        }
        if (idToken != null) {
            json.put("id_token", idToken);
        }
        if (includeIssuedAt) {
            json.put("issued_at", issuedAt);
        }
        json.putAll(extra);
        return json;
    }
}
