package dev.tollgate;

/**
 * Something the server depends on cannot serve right now (storage, a directory, the hashing
 * queue): the request may succeed if retried. HTTP answers 503 {@code temporarily_unavailable}
 * with the description, which must say nothing an attacker could use.
 */
public class Unavailable extends RuntimeException {
    public Unavailable(String description, Throwable cause) {
        super(description, cause, false, false);
    }

    public Unavailable(String description) {
        this(description, null);
    }

    /** What the client is told. */
    public String description() {
        return getMessage();
    }
}
