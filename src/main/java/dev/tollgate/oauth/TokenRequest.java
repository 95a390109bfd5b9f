package dev.tollgate.oauth;

import java.util.Map;

/**
 * A request to the token (or revocation, introspection) endpoint, free of HTTP types: the body
 * parameters (each at most once, empty values dropped), the {@code Authorization} header and the
 * client's address.
 */
public record TokenRequest(Map<String, String> params, String authorization, String clientIp) {
    public TokenRequest {
        params = Map.copyOf(params);
    }

    /** The parameter's value, or null when absent. */
    public String param(String name) {
        return params.get(name);
    }

    public boolean has(String name) {
        return params.containsKey(name);
    }

    /** The parameters in the shape the Nimbus SDK parsers take. */
    public Map<String, java.util.List<String>> multiParams() {
        Map<String, java.util.List<String>> out = new java.util.HashMap<>();
        params.forEach((name, value) -> out.put(name, java.util.List.of(value)));
        return out;
    }

    public String required(String name) {
        String value = params.get(name);
        if (value == null) {
            throw OAuthError.invalidRequest("missing parameter '" + name + "'").exception();
        }
        return value;
    }
}
