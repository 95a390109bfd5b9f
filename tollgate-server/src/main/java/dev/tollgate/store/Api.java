package dev.tollgate.store;

import java.util.Objects;
import java.util.Set;

/**
 * A protected API (a resource server), selected by the {@code audience} or {@code resource}
 * parameter: its identifier becomes the access token's {@code aud}.
 *
 * @param tokenFormat {@link #JWT} or {@link #OPAQUE}
 * @param accessTokenTtl seconds, or null to use the client's or the server's
 * @param signingAlg RS256, ES256 or EdDSA
 * @param tokenTyp the JWT header's {@code typ}: {@link #AT_JWT} as RFC 9068 says, or {@link #PLAIN_JWT}
 *     for resource servers that take only that (Spring Security's default, like Auth0's default token dialect)
 */
public record Api(String identifier, Set<String> scopes, String tokenFormat, Long accessTokenTtl, String signingAlg,
        String tokenTyp) {
    public static final String JWT = "jwt";
    public static final String OPAQUE = "opaque";
    public static final String AT_JWT = "at+jwt";
    public static final String PLAIN_JWT = "JWT";
    /** The scope that may use the admin API, and the one that may only read through it. */
    public static final String ADMIN_SCOPE = "tollgate:admin";
    public static final String ADMIN_READ_SCOPE = "tollgate:admin:read";
    /**
     * The admin API, built in: always registered, never changed or removed through the admin
     * operations, and the audience of any token requested with one of its scopes.
     */
    public static final Api ADMIN = new Api("tollgate-admin", Set.of(ADMIN_SCOPE, ADMIN_READ_SCOPE), JWT, null, null, null);

    public Api {
        Objects.requireNonNull(identifier, "identifier");
        scopes = Set.copyOf(scopes);
        tokenFormat = tokenFormat == null ? JWT : tokenFormat;
        signingAlg = signingAlg == null ? "RS256" : signingAlg;
        tokenTyp = tokenTyp == null ? AT_JWT : tokenTyp;
    }

    public boolean builtIn() {
        return identifier.equals(ADMIN.identifier);
    }

    public boolean opaque() {
        return OPAQUE.equals(tokenFormat);
    }
}
