package dev.tollgate.admin.transfer;

/**
 * A record that cannot be imported, by its number (and line, where the file has lines) and the
 * field at fault. A {@code fatal} one leaves the rest of the file unreadable (broken JSON): even
 * {@code --skip-invalid} stops there.
 */
public final class InvalidRecord extends RuntimeException {
    private final long number;
    private final boolean fatal;

    public InvalidRecord(long number, long line, String field, String reason, boolean fatal) {
        super("record " + number + (line > 0 ? " (line " + line + ")" : "") + ": "
                + (field == null ? "" : field + " ") + reason, null, false, false);
        this.number = number;
        this.fatal = fatal;
    }

    public long number() {
        return number;
    }

    public boolean fatal() {
        return fatal;
    }
}
