package dev.tollgate.resource;

import java.util.Optional;
import java.util.Set;

/**
 * What a resource asks of a verified token: an audience its {@code aud} must contain (none: any)
 * and scopes it must all hold. A token for another audience is {@code invalid_token} (RFC 9068
 * section 4); one without the scopes is {@code insufficient_scope}.
 */
public record Requirement(String audience, Set<String> scopes) {
    public Requirement {
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    public static Requirement scopes(String... scopes) {
        return new Requirement(null, Set.of(scopes));
    }

    public Optional<BearerError> check(VerifiedToken token, String realm) {
        if (audience != null && !token.audience().contains(audience)) {
            return Optional.of(BearerError.invalidToken(realm, "the token is not for this audience"));
        }
        if (!token.hasScopes(scopes)) {
            return Optional.of(BearerError.insufficientScope(realm, scopes));
        }
        return Optional.empty();
    }
}
