package dev.tollgate.oauth.clientauth;

import com.nimbusds.jose.JWSObject;
import java.util.Set;

/**
 * What a client assertion's {@code aud} may be: one of our accepted values (the issuer, the token
 * endpoint) as a single JSON string. An array, even of one item, is refused, because a client
 * that lists several audiences may be handing the same assertion to another server (the 2025
 * audience-injection advisories on private_key_jwt).
 */
final class AssertionAudience {
    private final Set<String> accepted;

    AssertionAudience(Set<String> accepted) {
        this.accepted = Set.copyOf(accepted);
    }

    Set<String> accepted() {
        return accepted;
    }

    /** The assertion's audience if it is acceptable, otherwise null. */
    String of(JWSObject assertion) {
        Object aud = assertion.getPayload().toJSONObject().get("aud");
        return aud instanceof String value && accepted.contains(value) ? value : null;
    }
}
