package dev.tollgate.http;

/** The request body is over the limit; answered with 413. */
public final class BodyTooLarge extends RuntimeException {
    BodyTooLarge(int limit) {
        super("request body larger than " + limit + " bytes", null, false, false);
    }
}
