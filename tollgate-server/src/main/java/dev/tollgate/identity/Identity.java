package dev.tollgate.identity;

import dev.tollgate.store.Profile;
import java.util.Objects;
import java.util.Set;

/**
 * A user as every part of the server but its directory sees one: where it lives, who it is, what
 * it may grant and its claims; never a password or its hash.
 *
 * @param id the stable subject identifier within its directory
 * @param directory the name of the {@link Directory} the user belongs to
 * @param updatedAt epoch seconds of the last change of the claims (OpenID Connect's updated_at)
 */
public record Identity(String id, String directory, String username, Set<String> scopes, Profile profile,
        long updatedAt) {
    public Identity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(username, "username");
        scopes = Set.copyOf(scopes);
        profile = profile == null ? Profile.EMPTY : profile;
    }
}
