package dev.tollgate.oauth;

import java.util.Map;

/**
 * An OAuth error response (RFC 6749 section 5.2): the HTTP status, the error code and a
 * description for the client developer that names the offending parameter, and any further
 * members the error defines (Auth0's {@code mfa_required} carries an {@code mfa_token}).
 */
public record OAuthError(int status, String code, String description, Map<String, String> extra) {
    public OAuthError {
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    public OAuthError(int status, String code, String description) {
        this(status, code, description, Map.of());
    }

    public static OAuthError invalidRequest(String description) {
        return new OAuthError(400, "invalid_request", description);
    }

    public static OAuthError invalidClient(String description) {
        return new OAuthError(401, "invalid_client", description);
    }

    public static OAuthError invalidGrant(String description) {
        return new OAuthError(400, "invalid_grant", description);
    }

    public static OAuthError unauthorizedClient(String description) {
        return new OAuthError(400, "unauthorized_client", description);
    }

    public static OAuthError unsupportedGrantType(String description) {
        return new OAuthError(400, "unsupported_grant_type", description);
    }

    public static OAuthError invalidScope(String description) {
        return new OAuthError(400, "invalid_scope", description);
    }

    /** RFC 8707: the requested resource or audience is unknown or not allowed. */
    public static OAuthError invalidTarget(String description) {
        return new OAuthError(400, "invalid_target", description);
    }

    /** Too many failed logins for this username (429, as Auth0 names it); sent with {@code Retry-After}. */
    public static OAuthError tooManyAttempts(String description) {
        return new OAuthError(429, "too_many_attempts", description);
    }

    /** Too many requests from this client IP (429); sent with {@code Retry-After}. */
    public static OAuthError tooManyRequests(String description) {
        return new OAuthError(429, "too_many_requests", description);
    }

    /**
     * Auth0's answer to a right password of a user who must also give a second factor: the
     * {@code mfa_token} continues the login at the {@code mfa-otp} or {@code mfa-recovery-code} grant.
     */
    public static OAuthError mfaRequired(String mfaToken) {
        return new OAuthError(403, "mfa_required", "Multifactor authentication required",
                Map.of("mfa_token", mfaToken));
    }

    /** A wrong or reused second factor, or an mfa_token that is not (or no longer) good: 403, as Auth0 answers it. */
    public static OAuthError mfaInvalidGrant(String description) {
        return new OAuthError(403, "invalid_grant", description);
    }

    public static OAuthError temporarilyUnavailable(String description) {
        return new OAuthError(503, "temporarily_unavailable", description);
    }

    /** The error a Nimbus SDK parser reports, with the status RFC 6749 gives its code. */
    public static OAuthError from(com.nimbusds.oauth2.sdk.ParseException e) {
        com.nimbusds.oauth2.sdk.ErrorObject error = e.getErrorObject();
        if (error == null || error.getCode() == null) {
            return invalidRequest(e.getMessage());
        }
        int status = "invalid_client".equals(error.getCode()) ? 401 : 400;
        return new OAuthError(status, error.getCode(), error.getDescription());
    }

    public OAuthException exception() {
        return new OAuthException(this);
    }
}
