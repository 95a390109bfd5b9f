package dev.tollgate.config;

import dev.tollgate.keys.KeyRing;
import dev.tollgate.store.Api;
import java.util.Set;

/** What an API's settings must satisfy, for the configuration file, the CLI and the admin operations alike. */
public final class ApiRules {
    public static final Set<String> TOKEN_FORMATS = Set.of(Api.JWT, Api.OPAQUE);
    public static final Set<String> TOKEN_TYPS = Set.of(Api.AT_JWT, Api.PLAIN_JWT);

    private ApiRules() {}

    /** The first rule the settings break, or null; null values mean the defaults. */
    public static Problem check(String identifier, String tokenFormat, String signingAlg, Long accessTokenTtl,
            String tokenTyp) {
        if (identifier == null || identifier.isBlank()) {
            return new Problem("identifier", "is required");
        }
        if (tokenFormat != null && !TOKEN_FORMATS.contains(tokenFormat)) {
            return new Problem("token_format", "must be \"jwt\" or \"opaque\"");
        }
        if (signingAlg != null && !KeyRing.ALGORITHMS.contains(signingAlg)) {
            return new Problem("signing_alg", "must be " + String.join(", ", KeyRing.ALGORITHMS));
        }
        if (tokenTyp != null && !TOKEN_TYPS.contains(tokenTyp)) {
            return new Problem("token_typ", "must be \"at+jwt\" or \"JWT\"");
        }
        if (accessTokenTtl != null && accessTokenTtl <= 0) {
            return new Problem("access_token_ttl", "must be positive");
        }
        return null;
    }
}
