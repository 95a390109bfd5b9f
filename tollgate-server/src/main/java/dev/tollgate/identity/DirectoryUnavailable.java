package dev.tollgate.identity;

import dev.tollgate.Unavailable;

/**
 * A user directory could not be reached, did not answer within its {@code timeout_ms}, or refused
 * the service account: the login may work later, so it is answered 503, never as a wrong password.
 */
public final class DirectoryUnavailable extends Unavailable {
    /** How long clients are told to wait: a directory seldom returns within a second. */
    static final long RETRY_AFTER_SECONDS = 5;

    DirectoryUnavailable(Throwable cause) {
        super("user directory unavailable, retry", cause, RETRY_AFTER_SECONDS);
    }
}
