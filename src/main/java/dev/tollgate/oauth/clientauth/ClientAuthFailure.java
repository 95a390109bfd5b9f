package dev.tollgate.oauth.clientauth;

/**
 * A client authentication method failed. The reason and the claimed client id go to the audit
 * log; the client only ever sees {@code invalid_client}.
 */
final class ClientAuthFailure extends RuntimeException {
    static final String NO_CREDENTIALS = "no_credentials";
    static final String MALFORMED = "malformed_credentials";
    static final String UNKNOWN_CLIENT = "unknown_client";
    static final String WRONG_SECRET = "wrong_secret";
    static final String SECRET_REQUIRED = "secret_required";

    private final String reason;
    private final String clientId;

    ClientAuthFailure(String reason, String clientId) {
        super(reason, null, false, false);
        this.reason = reason;
        this.clientId = clientId;
    }

    String reason() {
        return reason;
    }

    String clientId() {
        return clientId;
    }
}
