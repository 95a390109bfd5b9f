package dev.tollgate.store;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A registered client.
 *
 * @param secretHash the hash of the secret (SHA-256 for a generated secret, Argon2id for one chosen by hand), or
 *     null for a client without one
 * @param accessTokenTtl seconds, or null for the server default
 * @param refreshTokenPolicy {@link #ALWAYS} or {@link #OFFLINE_ACCESS}
 * @param authMethods the client authentication methods it may use (RFC 7591 names)
 * @param jwks the client's public keys as a JWK Set (JSON), for private_key_jwt; or null
 * @param jwksUri where its JWK Set is published, for private_key_jwt; or null
 * @param sealedSecret the secret encrypted under the server key, kept only for client_secret_jwt
 * @param previousSecret the secret before the last rotation while its grace period lasts, or null
 * @param forwardedUserIp the client, a trusted backend, reports its end user's address in
 *     {@code auth0-forwarded-for} or {@code Tollgate-Forwarded-For}; never for a public client
 * @param canIntrospect the client may use the introspection endpoint; never a public client
 * @param directories the user directories its users may come from, in order (the password grant uses
 *     the first); empty: the server's default directory
 * @param mfa the client's own multi-factor policy ({@code if_enrolled}, {@code required}), which
 *     can only be stricter than the server's; null: the server's
 */
public record Client(
        String id,
        String secretHash,
        Set<String> grantTypes,
        Set<String> scopes,
        Long accessTokenTtl,
        String refreshTokenPolicy,
        Set<String> authMethods,
        String jwks,
        String jwksUri,
        String sealedSecret,
        PreviousSecret previousSecret,
        boolean forwardedUserIp,
        boolean canIntrospect,
        List<String> directories,
        String mfa) {

    /** Refresh tokens whenever the client has the refresh_token grant. */
    public static final String ALWAYS = "always";
    /** Refresh tokens only when offline_access is among the granted scopes (Oracle identity domains). */
    public static final String OFFLINE_ACCESS = "offline_access";

    public static final String CLIENT_SECRET_BASIC = "client_secret_basic";
    public static final String CLIENT_SECRET_POST = "client_secret_post";
    public static final String CLIENT_SECRET_JWT = "client_secret_jwt";
    public static final String PRIVATE_KEY_JWT = "private_key_jwt";
    public static final String NONE = "none";

    /** A replaced secret that still works until {@code expiresAt} (epoch seconds). */
    public record PreviousSecret(String hash, String sealed, long expiresAt) {}

    public Client {
        Objects.requireNonNull(id, "id");
        grantTypes = Set.copyOf(grantTypes);
        scopes = Set.copyOf(scopes);
        refreshTokenPolicy = refreshTokenPolicy == null ? ALWAYS : refreshTokenPolicy;
        authMethods = authMethods == null || authMethods.isEmpty()
                ? defaultAuthMethods(secretHash != null, jwks != null || jwksUri != null)
                : Set.copyOf(authMethods);
        directories = directories == null ? List.of() : List.copyOf(directories);
    }

    public Client(String id, String secretHash, Set<String> grantTypes, Set<String> scopes, Long accessTokenTtl,
            String refreshTokenPolicy, Set<String> authMethods, String jwks, String jwksUri, String sealedSecret,
            PreviousSecret previousSecret, boolean forwardedUserIp, boolean canIntrospect, List<String> directories) {
        this(id, secretHash, grantTypes, scopes, accessTokenTtl, refreshTokenPolicy, authMethods, jwks, jwksUri,
                sealedSecret, previousSecret, forwardedUserIp, canIntrospect, directories, null);
    }

    public Client(String id, String secretHash, Set<String> grantTypes, Set<String> scopes, Long accessTokenTtl,
            String refreshTokenPolicy, Set<String> authMethods, String jwks, String jwksUri, String sealedSecret,
            PreviousSecret previousSecret, boolean forwardedUserIp, boolean canIntrospect) {
        this(id, secretHash, grantTypes, scopes, accessTokenTtl, refreshTokenPolicy, authMethods, jwks, jwksUri,
                sealedSecret, previousSecret, forwardedUserIp, canIntrospect, List.of());
    }

    public Client(String id, String secretHash, Set<String> grantTypes, Set<String> scopes, Long accessTokenTtl,
            String refreshTokenPolicy) {
        this(id, secretHash, grantTypes, scopes, accessTokenTtl, refreshTokenPolicy, null, null, null, null, null,
                false, defaultCanIntrospect(grantTypes));
    }

    public Client(String id, String secretHash, Set<String> grantTypes, Set<String> scopes, Long accessTokenTtl) {
        this(id, secretHash, grantTypes, scopes, accessTokenTtl, ALWAYS);
    }

    /** With a secret: Basic and post. Without one but with keys: private_key_jwt. Otherwise: none (public). */
    public static Set<String> defaultAuthMethods(boolean hasSecret, boolean hasKeys) {
        Set<String> methods = new LinkedHashSet<>();
        if (hasSecret) {
            methods.add(CLIENT_SECRET_BASIC);
            methods.add(CLIENT_SECRET_POST);
        } else if (hasKeys) {
            methods.add(PRIVATE_KEY_JWT);
        } else {
            methods.add(NONE);
        }
        return methods;
    }

    /**
     * Without an explicit setting, the machine clients (client_credentials), which is what
     * resource servers are, may introspect; clients that act for users may not.
     */
    public static boolean defaultCanIntrospect(java.util.Collection<String> grantTypes) {
        return grantTypes != null && grantTypes.contains("client_credentials");
    }

    /** A public client cannot keep a credential (RFC 6749 section 2.1): it authenticates with {@code none}. */
    public boolean isPublic() {
        return authMethods.contains(NONE);
    }

    public boolean allowsAuthMethod(String method) {
        return authMethods.contains(method);
    }

    public boolean allowsGrant(String grantType) {
        return grantTypes.contains(grantType);
    }

    /** Whether a grant of these scopes comes with a refresh token. */
    public boolean issuesRefreshToken(Set<String> grantedScopes) {
        return allowsGrant("refresh_token")
                && (ALWAYS.equals(refreshTokenPolicy) || grantedScopes.contains("offline_access"));
    }

    public Client withSecret(String newHash, String newSealed, PreviousSecret previous) {
        return new Client(id, newHash, grantTypes, scopes, accessTokenTtl, refreshTokenPolicy, authMethods, jwks,
                jwksUri, newSealed, previous, forwardedUserIp, canIntrospect, directories, mfa);
    }
}
