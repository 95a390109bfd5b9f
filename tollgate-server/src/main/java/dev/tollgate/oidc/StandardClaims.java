package dev.tollgate.oidc;

import dev.tollgate.identity.Identity;
import dev.tollgate.store.Profile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The user's standard claims that the granted scopes release (OpenID Connect Core section 5.4),
 * for ID tokens and UserInfo alike. Claims the user has no value for are left out, not sent as
 * null (section 5.3.2).
 */
public final class StandardClaims {
    public static final String OPENID = "openid";

    /**
     * Every claim a scope can release, in the order {@link #of} adds them. Of the profile claims
     * only those a user can have here: the others are not stored.
     */
    public static final List<String> NAMES = List.of("name", "given_name", "family_name", "preferred_username",
            "updated_at", "email", "email_verified", "phone_number", "phone_number_verified", "address");

    private StandardClaims() {}

    /** The claims of {@code user} that {@code scopes} release, without {@code sub}. */
    public static Map<String, Object> of(Identity user, Set<String> scopes) {
        Map<String, Object> claims = new LinkedHashMap<>();
        Profile profile = user.profile();
        if (scopes.contains("profile")) {
            put(claims, "name", profile.name());
            put(claims, "given_name", profile.givenName());
            put(claims, "family_name", profile.familyName());
            put(claims, "preferred_username", user.username());
            claims.put("updated_at", user.updatedAt());
        }
        if (scopes.contains("email") && profile.email() != null) {
            claims.put("email", profile.email());
            claims.put("email_verified", profile.emailVerified());
        }
        if (scopes.contains("phone") && profile.phoneNumber() != null) {
            claims.put("phone_number", profile.phoneNumber());
            claims.put("phone_number_verified", profile.phoneNumberVerified());
        }
        if (scopes.contains("address") && profile.address() != null) {
            claims.put("address", Map.of("formatted", profile.address()));
        }
        return claims;
    }

    private static void put(Map<String, Object> claims, String name, String value) {
        if (value != null) {
            claims.put(name, value);
        }
    }
}
