package dev.tollgate.config;

import com.nimbusds.jose.jwk.JWKSet;
import dev.tollgate.store.Client;
import java.net.URI;
import java.text.ParseException;
import java.util.Set;
import java.util.TreeSet;

/** What a client's credentials and authentication methods must agree on, for the config file and the CLI alike. */
public final class ClientRules {
    private ClientRules() {}

    /**
     * Null when the combination works, else what is wrong. {@code authMethods} null means the
     * defaults for the credentials given.
     */
    public static String problem(boolean hasSecret, String jwks, String jwksUri, Set<String> authMethods,
            Set<String> grantTypes) {
        if (jwks != null && jwksUri != null) {
            return "give jwks or jwks_uri, not both";
        }
        if (jwks != null) {
            try {
                if (JWKSet.parse(jwks).getKeys().isEmpty()) {
                    return "jwks holds no keys";
                }
            } catch (ParseException e) {
                return "jwks is not a JWK Set: " + e.getMessage();
            }
        }
        if (jwksUri != null) {
            try {
                URI uri = new URI(jwksUri);
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                    return "jwks_uri must be an http(s) URL";
                }
            } catch (java.net.URISyntaxException e) {
                return "jwks_uri is not a URL";
            }
        }
        boolean hasKeys = jwks != null || jwksUri != null;
        Set<String> methods = authMethods == null ? Client.defaultAuthMethods(hasSecret, hasKeys) : authMethods;
        if (methods.isEmpty()) {
            return "at least one authentication method is needed";
        }
        Set<String> unknown = new TreeSet<>(methods);
        unknown.removeAll(Client.AUTH_METHODS);
        if (!unknown.isEmpty()) {
            return "unknown authentication method " + String.join(", ", unknown) + " (known: "
                    + String.join(", ", new TreeSet<>(Client.AUTH_METHODS)) + ")";
        }
        boolean secretMethod = methods.contains(Client.CLIENT_SECRET_BASIC) || methods.contains(Client.CLIENT_SECRET_POST)
                || methods.contains(Client.CLIENT_SECRET_JWT);
        if (secretMethod && !hasSecret) {
            return "client_secret_* methods need a secret";
        }
        if (methods.contains(Client.PRIVATE_KEY_JWT) && !hasKeys) {
            return "private_key_jwt needs jwks or jwks_uri";
        }
        if (methods.contains(Client.NONE) && (methods.size() > 1 || hasSecret || hasKeys)) {
            return "none (a public client) excludes secrets, keys and other methods";
        }
        if (methods.contains(Client.NONE) && grantTypes.contains("client_credentials")) {
            return "a public client cannot have the client_credentials grant";
        }
        return null;
    }
}
