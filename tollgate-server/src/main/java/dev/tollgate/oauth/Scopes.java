package dev.tollgate.oauth;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code scope} parameter (RFC 6749 section 3.3): space-delimited scope tokens. */
public final class Scopes {
    private static final Pattern TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    static final int MAX_LENGTH = 4096;

    private Scopes() {}

    /** A space-separated scope string of a token we issued; empty for null. */
    static Set<String> split(String value) {
        Set<String> scopes = new LinkedHashSet<>();
        if (value != null) {
            for (String token : value.split(" ")) {
                if (!token.isEmpty()) {
                    scopes.add(token);
                }
            }
        }
        return scopes;
    }

    /** The requested scopes, or null when the parameter is absent. */
    public static Set<String> parse(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_LENGTH) {
            throw OAuthError.invalidScope("scope longer than " + MAX_LENGTH + " characters").exception();
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String token : value.split(" ", -1)) {
            if (token.isEmpty()) {
                continue;
            }
            if (!TOKEN.matcher(token).matches()) {
                throw OAuthError.invalidScope("scope contains a character RFC 6749 does not allow").exception();
            }
            scopes.add(token);
        }
        return scopes.isEmpty() ? null : scopes;
    }
}
