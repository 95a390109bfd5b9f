package dev.tollgate.identity;

/**
 * The outcome of checking a username and password: the user, or why not. The reason is for the
 * audit log only; clients get the same answer for every failure.
 */
public record Authentication(Identity user, String failure) {
    public static final String UNKNOWN_USER = "unknown_user";
    public static final String WRONG_PASSWORD = "wrong_password";
    /** The password matched, but the user is disabled. */
    public static final String DISABLED_USER = "disabled_user";

    public static Authentication succeeded(Identity user) {
        return new Authentication(user, null);
    }

    public static Authentication failed(String reason) {
        return new Authentication(null, reason);
    }

    public boolean ok() {
        return user != null;
    }
}
