package dev.tollgate.store;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A user of the database directory. {@code id} is the stable subject identifier; the username may
 * change. Usernames match case-insensitively.
 */
public record User(
        String id,
        String username,
        String passwordHash,
        Set<String> scopes,
        Profile profile,
        long updatedAt) {

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        scopes = Set.copyOf(scopes);
        profile = profile == null ? Profile.EMPTY : profile;
    }

    public static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    public User withPasswordHash(String hash) {
        return new User(id, username, hash, scopes, profile, updatedAt);
    }

    /**
     * Standard OpenID Connect claims the user carries (OpenID Connect Core section 5.1); null when
     * unknown.
     *
     * @param address the full mailing address, possibly over several lines: the {@code formatted}
     *     member of the {@code address} claim
     */
    public record Profile(
            String email,
            boolean emailVerified,
            String name,
            String givenName,
            String familyName,
            String phoneNumber,
            boolean phoneNumberVerified,
            String address) {
        public static final Profile EMPTY = new Profile(null, false, null, null, null, null, false, null);

        public Profile(String email, boolean emailVerified, String name, String givenName, String familyName,
                String phoneNumber) {
            this(email, emailVerified, name, givenName, familyName, phoneNumber, false, null);
        }
    }
}
