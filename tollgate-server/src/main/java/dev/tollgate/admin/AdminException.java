package dev.tollgate.admin;

/**
 * An admin operation refused: what was named does not exist, already exists, or a field is
 * invalid. The message reads on its own ("no client 'x'"); callers render it their way (the
 * CLI as {@code error: ...}, an HTTP API as a status and a JSON body).
 */
public abstract class AdminException extends RuntimeException {
    AdminException(String message) {
        super(message, null, false, false);
    }

    public static final class NotFound extends AdminException {
        public NotFound(String message) {
            super(message);
        }
    }

    public static final class Conflict extends AdminException {
        public Conflict(String message) {
            super(message);
        }
    }

    /** A field at fault, by its configuration key name ({@code grant_types}, {@code access_token_ttl}, ...). */
    public static final class Invalid extends AdminException {
        private final String field;
        private final String reason;

        public Invalid(String field, String reason) {
            super(field + " " + reason);
            this.field = field;
            this.reason = reason;
        }

        public String field() {
            return field;
        }

        /** What is wrong with the field, without its name. */
        public String reason() {
            return reason;
        }
    }
}
