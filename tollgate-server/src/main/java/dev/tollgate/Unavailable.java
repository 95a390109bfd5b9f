package dev.tollgate;

/**
 * Something the server depends on cannot serve right now (storage, a directory, the hashing
 * queue): the request may succeed if retried. HTTP answers 503 {@code temporarily_unavailable}
 * with the description, which must say nothing an attacker could use.
 */
public class Unavailable extends RuntimeException {
    private final long retryAfterSeconds;

    public Unavailable(String description, Throwable cause) {
        this(description, cause, 1);
    }

    /** @param retryAfterSeconds what {@code Retry-After} tells the client */
    public Unavailable(String description, Throwable cause, long retryAfterSeconds) {
        super(description, cause, false, false);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public Unavailable(String description) {
        this(description, null);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** What the client is told. */
    public String description() {
        return getMessage();
    }
}
