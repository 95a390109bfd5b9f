package dev.tollgate.admin;

/** The column sizes of the database, checked before a write so that a long value is refused by name. */
final class Limits {
    private Limits() {}

    static void check(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new AdminException.Invalid(field, "is longer than " + max + " characters");
        }
    }
}
