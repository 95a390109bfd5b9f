package dev.tollgate.config;

import com.nimbusds.jose.jwk.JWKSet;
import dev.tollgate.oauth.ClientCredentialsGrant;
import dev.tollgate.oauth.GrantTypes;
import dev.tollgate.oauth.clientauth.ClientAuthMethods;
import dev.tollgate.oauth.clientauth.JwksRetriever;
import dev.tollgate.store.Client;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a client's settings must satisfy, for the configuration file, the CLI and the admin
 * operations alike: known grant types and policies, a usable lifetime, and credentials that agree
 * with the authentication methods.
 */
public final class ClientRules {
    public static final Set<String> REFRESH_POLICIES = Set.of(Client.ALWAYS, Client.OFFLINE_ACCESS);

    private ClientRules() {}

    /**
     * The first rule the settings break, or null. {@code grantTypes} and {@code authMethods} null
     * mean the defaults; {@code hasSecret} whether the client will have a secret.
     */
    public static Problem check(boolean hasSecret, Collection<String> grantTypes, Long accessTokenTtl,
            String refreshTokenPolicy, Collection<String> authMethods, String jwks, String jwksUri,
            boolean forwardedUserIp, Boolean canIntrospect) {
        Problem problem = grants(grantTypes);
        if (problem == null && accessTokenTtl != null && accessTokenTtl <= 0) {
            problem = new Problem("access_token_ttl", "must be positive");
        }
        if (problem == null && refreshTokenPolicy != null && !REFRESH_POLICIES.contains(refreshTokenPolicy)) {
            problem = new Problem("refresh_token_policy", "must be \"always\" or \"offline_access\"");
        }
        if (problem == null) {
            String credentials = credentials(hasSecret, jwks, jwksUri, authMethods == null ? null : Set.copyOf(authMethods),
                    grantTypes == null ? Set.of() : Set.copyOf(grantTypes));
            problem = credentials == null ? null : new Problem("auth_methods", credentials);
        }
        // anyone can act as a public client, so what it forwards or asks is anyone's
        boolean isPublic = (authMethods == null
                ? Client.defaultAuthMethods(hasSecret, jwks != null || jwksUri != null) : authMethods).contains(Client.NONE);
        if (problem == null && forwardedUserIp && isPublic) {
            problem = new Problem("forwarded_user_ip", "a public client cannot forward its user's address");
        }
        if (problem == null && Boolean.TRUE.equals(canIntrospect) && isPublic) {
            problem = new Problem("can_introspect", "a public client cannot introspect tokens");
        }
        return problem;
    }

    private static Problem grants(Collection<String> grantTypes) {
        if (grantTypes == null) {
            return null;
        }
        for (String grant : grantTypes) {
            if (!GrantTypes.KNOWN.contains(grant)) {
                return new Problem("grant_types",
                        "unknown grant type '" + grant + "' (known: " + String.join(", ", GrantTypes.KNOWN) + ")");
            }
        }
        return null;
    }

    /** Null when the credentials and methods work together, else what is wrong. */
    private static String credentials(boolean hasSecret, String jwks, String jwksUri, Set<String> authMethods,
            Set<String> grantTypes) {
        String keys = keys(jwks, jwksUri);
        if (keys != null) {
            return keys;
        }
        boolean hasKeys = jwks != null || jwksUri != null;
        Set<String> methods = authMethods == null ? Client.defaultAuthMethods(hasSecret, hasKeys) : authMethods;
        if (methods.isEmpty()) {
            return "at least one authentication method is needed";
        }
        Set<String> unknown = new TreeSet<>(methods);
        unknown.removeAll(ClientAuthMethods.KNOWN);
        if (!unknown.isEmpty()) {
            return "unknown authentication method " + String.join(", ", unknown) + " (known: "
                    + String.join(", ", new TreeSet<>(ClientAuthMethods.KNOWN)) + ")";
        }
        return methodsAgree(methods, hasSecret, hasKeys, grantTypes);
    }

    private static String keys(String jwks, String jwksUri) {
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
                if (!JwksRetriever.allowed(uri.getScheme(), uri.getHost())) {
                    return "jwks_uri must be an https URL (plain http only to a loopback address)";
                }
            } catch (URISyntaxException e) {
                return "jwks_uri is not a URL";
            }
        }
        return null;
    }

    private static String methodsAgree(Set<String> methods, boolean hasSecret, boolean hasKeys, Set<String> grantTypes) {
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
        if (methods.contains(Client.NONE) && grantTypes.contains(ClientCredentialsGrant.TYPE)) {
            return "a public client cannot have the client_credentials grant";
        }
        return null;
    }
}
