package dev.tollgate.resource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A refusal as RFC 6750 section 3 writes it: the status, the {@code WWW-Authenticate} challenge and
 * a JSON body with {@code error} and {@code error_description}. A request without a token gets the
 * bare challenge and no error code (section 3.1).
 */
public record BearerError(int status, String error, String description, String scope, String realm) {
    public static BearerError missingToken(String realm) {
        return new BearerError(401, null, "the request carries no bearer token", null, realm);
    }

    public static BearerError invalidToken(String realm, String description) {
        return new BearerError(401, "invalid_token", description, null, realm);
    }

    public static BearerError invalidRequest(String realm, String description) {
        return new BearerError(400, "invalid_request", description, null, realm);
    }

    /** Names every scope the resource needs, sorted, as the {@code scope} attribute. */
    public static BearerError insufficientScope(String realm, Set<String> required) {
        String scope = String.join(" ", new TreeSet<>(required));
        return new BearerError(403, "insufficient_scope", "the token lacks a scope this resource requires: " + scope,
                scope, realm);
    }

    /** The {@code WWW-Authenticate} header's value. */
    public String challenge() {
        StringBuilder out = new StringBuilder("Bearer realm=").append(quoted(realm));
        if (error != null) {
            out.append(", error=").append(quoted(error));
            out.append(", error_description=").append(quoted(description));
        }
        if (scope != null) {
            out.append(", scope=").append(quoted(scope));
        }
        return out.toString();
    }

    /** The response body: {@code {"error": ..., "error_description": ...}}. */
    public String json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error == null ? "invalid_request" : error);
        body.put("error_description", description);
        if (scope != null) {
            body.put("scope", scope);
        }
        return Json.write(body);
    }

    /** RFC 7235 quoted-string: the characters RFC 6750 allows, with quote and backslash escaped. */
    private static String quoted(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
