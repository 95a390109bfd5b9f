package dev.tollgate.oauth;

import java.util.Map;

/**
 * The errors of a resource protected by Bearer tokens (RFC 6750 section 3): the status, a JSON
 * error body and the {@code WWW-Authenticate} challenge that tells the client what went wrong.
 */
public final class BearerChallenge {
    public static final String REALM = "tollgate";

    private BearerChallenge() {}

    /**
     * No access token: 401 with a bare challenge, since section 3.1 wants no error code when the
     * request carried no authentication. The body says what is missing, with Okta's error code.
     */
    public static OAuthException missingToken() {
        return new OAuthException(
                new OAuthError(401, "invalid_request", "missing access token; send Authorization: Bearer <token>"),
                Map.of("WWW-Authenticate", "Bearer realm=\"" + REALM + "\""));
    }

    /** A malformed request: 400 (section 3.1). */
    public static OAuthException invalidRequest(String description) {
        return challenge(new OAuthError(400, "invalid_request", description), "");
    }

    /** The token is malformed, expired, revoked or otherwise not good: 401 (section 3.1). */
    public static OAuthException invalidToken(String description) {
        return challenge(new OAuthError(401, "invalid_token", description), "");
    }

    /** The token is good but lacks {@code scope}: 403, naming the scope needed (section 3.1). */
    public static OAuthException insufficientScope(String scope, String description) {
        return challenge(new OAuthError(403, "insufficient_scope", description), ", scope=\"" + quotable(scope) + "\"");
    }

    private static OAuthException challenge(OAuthError error, String extra) {
        return new OAuthException(error, Map.of("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\""
                + error.code() + "\", error_description=\"" + quotable(error.description()) + "\"" + extra));
    }

    /** Section 3: the attribute values may hold only printable ASCII other than the quote and backslash. */
    private static String quotable(String value) {
        return value.replaceAll("[^\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]", "?");
    }
}
