package dev.tollgate.resource;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An access token that passed verification: who it speaks for and what it allows. It is the
 * request's principal in the Javalin plugin and the servlet filter; its name is the subject.
 *
 * @param subject the {@code sub} claim: the user's id, or the client's for client credentials
 * @param clientId the client the token was issued to
 * @param username the user's name when the token was issued for a user, else null
 * @param scopes the granted scopes
 * @param audience the {@code aud} values
 * @param expiresAt when the token stops being valid
 * @param jwtId the {@code jti}, when the token has one
 * @param claims every claim (a JWT's claims, or the introspection response)
 */
public record VerifiedToken(String subject, String clientId, String username, Set<String> scopes,
        List<String> audience, Instant expiresAt, String jwtId, Map<String, Object> claims) implements Principal {
    /** The request attribute under which the plugin and the filter put the verified token. */
    public static final String ATTRIBUTE = VerifiedToken.class.getName();

    public VerifiedToken {
        scopes = Set.copyOf(scopes);
        audience = List.copyOf(audience);
        claims = java.util.Collections.unmodifiableMap(claims); // already a private copy; not copied again per token
    }

    @Override
    public String getName() {
        return subject;
    }

    public boolean hasScopes(Set<String> required) {
        return scopes.containsAll(required);
    }
}
