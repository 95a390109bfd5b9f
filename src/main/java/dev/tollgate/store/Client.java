package dev.tollgate.store;

import java.util.Objects;
import java.util.Set;

/**
 * A registered client. {@code secretHash} is null for a public client.
 *
 * @param accessTokenTtl seconds, or null for the server default
 * @param refreshTokenPolicy {@link #ALWAYS} or {@link #OFFLINE_ACCESS}
 */
public record Client(
        String id,
        String secretHash,
        Set<String> grantTypes,
        Set<String> scopes,
        Long accessTokenTtl,
        String refreshTokenPolicy) {

    /** Refresh tokens whenever the client has the refresh_token grant. */
    public static final String ALWAYS = "always";
    /** Refresh tokens only when offline_access is among the granted scopes (Oracle identity domains). */
    public static final String OFFLINE_ACCESS = "offline_access";

    public Client {
        Objects.requireNonNull(id, "id");
        grantTypes = Set.copyOf(grantTypes);
        scopes = Set.copyOf(scopes);
        refreshTokenPolicy = refreshTokenPolicy == null ? ALWAYS : refreshTokenPolicy;
    }

    public Client(String id, String secretHash, Set<String> grantTypes, Set<String> scopes, Long accessTokenTtl) {
        this(id, secretHash, grantTypes, scopes, accessTokenTtl, ALWAYS);
    }

    public boolean isPublic() {
        return secretHash == null;
    }

    public boolean allowsGrant(String grantType) {
        return grantTypes.contains(grantType);
    }

    /** Whether a grant of these scopes comes with a refresh token. */
    public boolean issuesRefreshToken(Set<String> grantedScopes) {
        return allowsGrant("refresh_token")
                && (ALWAYS.equals(refreshTokenPolicy) || grantedScopes.contains("offline_access"));
    }
}
