package dev.tollgate.oidc;

import dev.tollgate.oauth.ScopePolicy;
import dev.tollgate.oauth.ServerMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * OpenID Provider metadata (OpenID Connect Discovery 1.0 section 3), served at
 * {@code /.well-known/openid-configuration}: the RFC 8414 metadata plus what OpenID Connect adds.
 */
public final class ProviderMetadata {
    /** The claims of every ID token besides those the scopes release. */
    static final List<String> ID_TOKEN_CLAIMS = List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "azp", "sid");

    private final ServerMetadata oauth;
    private final String userInfoEndpoint;

    public ProviderMetadata(ServerMetadata oauth, String userInfoEndpoint) {
        this.oauth = oauth;
        this.userInfoEndpoint = userInfoEndpoint;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>(oauth.toJson());
        json.put("userinfo_endpoint", userInfoEndpoint);
        TreeSet<String> scopes = new TreeSet<>(ScopePolicy.OIDC_SCOPES);
        scopes.addAll(oauth.scopes());
        json.put("scopes_supported", List.copyOf(scopes));
        List<String> claims = new ArrayList<>(ID_TOKEN_CLAIMS);
        claims.addAll(StandardClaims.NAMES);
        json.put("claims_supported", claims);
        json.put("subject_types_supported", List.of("public"));
        json.put("id_token_signing_alg_values_supported", List.of("RS256"));
        // Discovery makes this true when absent; there is no authorization endpoint to take a request_uri.
        json.put("request_uri_parameter_supported", false);
        return json;
    }
}
