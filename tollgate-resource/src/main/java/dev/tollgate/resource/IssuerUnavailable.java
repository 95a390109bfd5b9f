package dev.tollgate.resource;

/**
 * The issuer's metadata, keys or introspection endpoint could not be reached, so a token could be
 * neither accepted nor refused; answered 503, not 401, so that clients retry instead of signing in again.
 */
public final class IssuerUnavailable extends RuntimeException {
    public IssuerUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
