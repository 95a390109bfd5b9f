package dev.tollgate.oauth;

import dev.tollgate.store.Client;
import dev.tollgate.store.ClientStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Authorization server metadata (RFC 8414), served at {@code /.well-known/oauth-authorization-server}. */
public final class ServerMetadata {
    /** Client assertion algorithms: private_key_jwt's, then client_secret_jwt's. */
    static final List<String> SIGNING_ALGS = List.of("RS256", "PS256", "ES256", "EdDSA", "HS256", "HS384", "HS512");

    /**
     * Response types belong to the authorization endpoint, which Tollgate does not have. The field
     * is required (RFC 8414 section 2), so it is present and honestly empty.
     */
    static final List<String> RESPONSE_TYPES = List.of();

    private final Endpoints endpoints;
    private final List<String> grantTypes;
    private final List<String> authMethods;
    private final List<String> introspectionAuthMethods;
    private final ClientStore clients;

    /** Absolute URLs of the endpoints. */
    public record Endpoints(String issuer, String token, String revocation, String introspection, String jwks) {}

    public ServerMetadata(Endpoints endpoints, List<String> grantTypes, List<String> authMethods, ClientStore clients) {
        this.endpoints = endpoints;
        this.grantTypes = List.copyOf(grantTypes);
        this.authMethods = List.copyOf(authMethods);
        this.introspectionAuthMethods = authMethods.stream().filter(m -> !"none".equals(m)).toList();
        this.clients = clients;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("issuer", endpoints.issuer());
        json.put("token_endpoint", endpoints.token());
        json.put("jwks_uri", endpoints.jwks());
        json.put("grant_types_supported", grantTypes);
        json.put("response_types_supported", RESPONSE_TYPES);
        json.put("token_endpoint_auth_methods_supported", authMethods);
        json.put("token_endpoint_auth_signing_alg_values_supported", SIGNING_ALGS);
        json.put("revocation_endpoint", endpoints.revocation());
        json.put("revocation_endpoint_auth_methods_supported", authMethods);
        json.put("revocation_endpoint_auth_signing_alg_values_supported", SIGNING_ALGS);
        json.put("introspection_endpoint", endpoints.introspection());
        json.put("introspection_endpoint_auth_methods_supported", introspectionAuthMethods);
        json.put("introspection_endpoint_auth_signing_alg_values_supported", SIGNING_ALGS);
        json.put("scopes_supported", scopes());
        return json;
    }

    /** The scopes of every client. */
    public List<String> scopes() {
        TreeSet<String> all = new TreeSet<>();
        for (Client client : clients.list()) {
            all.addAll(client.scopes());
        }
        return List.copyOf(all);
    }
}
