package dev.tollgate.resource;

/** A token that is not acceptable: malformed, badly signed, expired, revoked, or not for this API (RFC 6750 {@code invalid_token}). */
public final class TokenRejected extends Exception {
    public TokenRejected(String description) {
        super(description, null, false, false);
    }
}
