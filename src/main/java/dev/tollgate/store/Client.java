package dev.tollgate.store;

import java.util.Objects;
import java.util.Set;

/**
 * A registered client. {@code secretHash} is null for a public client.
 *
 * @param accessTokenTtl seconds, or null for the server default
 */
public record Client(String id, String secretHash, Set<String> grantTypes, Set<String> scopes, Long accessTokenTtl) {
    public Client {
        Objects.requireNonNull(id, "id");
        grantTypes = Set.copyOf(grantTypes);
        scopes = Set.copyOf(scopes);
    }

    public boolean isPublic() {
        return secretHash == null;
    }

    public boolean allowsGrant(String grantType) {
        return grantTypes.contains(grantType);
    }
}
