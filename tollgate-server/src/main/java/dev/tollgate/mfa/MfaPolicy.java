package dev.tollgate.mfa;

import java.util.Locale;
import java.util.Optional;

/** Who must give a second factor, from the least strict to the strictest. */
public enum MfaPolicy {
    /** Nobody: a password is enough. */
    OFF,
    /** Users with an active authenticator. */
    IF_ENROLLED,
    /** Every user; one without an authenticator enrols first. */
    REQUIRED;

    public static final java.util.List<String> NAMES = java.util.List.of("off", "if_enrolled", "required");

    /** The policy of a configuration value ({@code off}, {@code if_enrolled}, {@code required}). */
    public static Optional<MfaPolicy> parse(String value) {
        if (value == null || !NAMES.contains(value)) {
            return Optional.empty();
        }
        return Optional.of(valueOf(value.toUpperCase(Locale.ROOT)));
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The stricter of this and a client's own (null: none): a client can only ask for more. */
    public MfaPolicy withClient(String client) {
        MfaPolicy other = parse(client).orElse(this);
        return other.compareTo(this) > 0 ? other : this;
    }
}
