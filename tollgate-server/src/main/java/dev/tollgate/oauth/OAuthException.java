package dev.tollgate.oauth;

import java.util.Map;

/** Carries an {@link OAuthError} (and any headers it needs) to the one place that renders errors. */
public final class OAuthException extends RuntimeException {
    private final OAuthError error;
    private final Map<String, String> headers;

    public OAuthException(OAuthError error) {
        this(error, Map.of());
    }

    public OAuthException(OAuthError error, Map<String, String> headers) {
        super(error.code() + ": " + error.description(), null, false, false);
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    public OAuthError error() {
        return error;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
