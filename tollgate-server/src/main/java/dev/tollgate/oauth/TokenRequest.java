package dev.tollgate.oauth;

import java.util.Map;

/**
 * A request to the token (or revocation, introspection) endpoint, free of HTTP types: the body
 * parameters (each at most once, empty values dropped), the {@code Authorization} header, the
 * client's address, and the end user's address the client says it forwards (null when it sends
 * none; believed only from a client registered to forward it, see {@link RequestOrigin}).
 */
public record TokenRequest(Map<String, String> params, String authorization, String clientIp,
        ForwardedUserIp forwardedUserIp) {
    public TokenRequest {
        params = Map.copyOf(params);
    }

    public TokenRequest(Map<String, String> params, String authorization, String clientIp) {
        this(params, authorization, clientIp, null);
    }

    /**
     * A forwarded end user's address as sent.
     *
     * @param header the header it came in
     * @param address the IP address, or null when the value is not one
     */
    public record ForwardedUserIp(String header, String address) {}

    /** The same request, as coming from {@code address}. */
    public TokenRequest from(String address) {
        return new TokenRequest(params, authorization, address, forwardedUserIp);
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
