package dev.tollgate.store;

import java.util.Objects;
import java.util.Set;

/**
 * What Tollgate keeps of a user of an LDAP directory who logged in: never a password. The
 * directory stays the authority; this row lets tokens, revocation and the audit log name the user,
 * and remembers when the directory last confirmed it.
 *
 * @param id the stable identifier from the directory's {@code id_attribute}
 * @param updatedAt epoch seconds of the last change of its claims or scopes
 * @param checkedAt epoch seconds when the directory last confirmed the user exists and is enabled
 */
public record DirectoryUser(
        String directory,
        String id,
        String username,
        Set<String> scopes,
        Profile profile,
        long lastLogin,
        long checkedAt,
        long updatedAt) {
    public DirectoryUser {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        scopes = Set.copyOf(scopes);
        profile = profile == null ? Profile.EMPTY : profile;
    }

    /** Same username, scopes and claims: nothing an ID token would show differently. */
    public boolean sameAs(DirectoryUser other) {
        return username.equals(other.username) && scopes.equals(other.scopes) && profile.equals(other.profile);
    }
}
