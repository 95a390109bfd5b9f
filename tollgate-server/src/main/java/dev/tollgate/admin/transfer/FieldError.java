package dev.tollgate.admin.transfer;

/** A field of the record being read is wrong; the reader adds the record's number. */
final class FieldError extends RuntimeException {
    final String field;
    final String reason;

    FieldError(String field, String reason) {
        super(field + " " + reason, null, false, false);
        this.field = field;
        this.reason = reason;
    }
}
