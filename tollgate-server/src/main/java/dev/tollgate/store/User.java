package dev.tollgate.store;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A user as the database directory stores it, password hash included. {@code id} is the stable
 * subject identifier; the username may change. Usernames match case-insensitively. The rest of
 * the server sees users as {@link dev.tollgate.identity.Identity}, without the hash.
 *
 * @param disabled its logins fail as if the password were wrong (a user imported disabled)
 */
public record User(
        String id,
        String username,
        String passwordHash,
        Set<String> scopes,
        Profile profile,
        long updatedAt,
        boolean disabled) {

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        scopes = Set.copyOf(scopes);
        profile = profile == null ? Profile.EMPTY : profile;
    }

    /** An enabled user. */
    public User(String id, String username, String passwordHash, Set<String> scopes, Profile profile, long updatedAt) {
        this(id, username, passwordHash, scopes, profile, updatedAt, false);
    }

    public static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    public User withPasswordHash(String hash) {
        return new User(id, username, hash, scopes, profile, updatedAt, disabled);
    }
}
