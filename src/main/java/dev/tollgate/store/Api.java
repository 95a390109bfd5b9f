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
 */
public record Api(String identifier, Set<String> scopes, String tokenFormat, Long accessTokenTtl, String signingAlg) {
    public static final String JWT = "jwt";
    public static final String OPAQUE = "opaque";

    public Api {
        Objects.requireNonNull(identifier, "identifier");
        scopes = Set.copyOf(scopes);
        tokenFormat = tokenFormat == null ? JWT : tokenFormat;
        signingAlg = signingAlg == null ? "RS256" : signingAlg;
    }

    public boolean opaque() {
        return OPAQUE.equals(tokenFormat);
    }
}
