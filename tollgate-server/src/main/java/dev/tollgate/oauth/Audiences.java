package dev.tollgate.oauth;

import dev.tollgate.store.Api;
import dev.tollgate.store.ApiStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/**
 * Picks the API a token is for from Auth0's {@code audience} or RFC 8707's {@code resource}
 * parameter. No parameter means the server's default audience; an identifier no registered API
 * has is {@code invalid_target}.
 */
public final class Audiences {
    private final ApiStore apis;

    public Audiences(ApiStore apis) {
        this.apis = apis;
    }

    /**
     * The requested API, or null when none was named. A request for an admin API scope is for the
     * admin API whether or not it names it.
     */
    public Api resolve(TokenRequest request) {
        String named = requested(request);
        String identifier = named == null && asksForAdmin(request) ? Api.ADMIN.identifier() : named;
        if (identifier == null) {
            return null;
        }
        return apis.find(identifier).orElseThrow(() ->
                OAuthError.invalidTarget("unknown audience or resource '" + identifier + "'").exception());
    }

    private static boolean asksForAdmin(TokenRequest request) {
        Set<String> scopes = Scopes.split(request.param("scope"));
        return scopes.contains(Api.ADMIN_SCOPE) || scopes.contains(Api.ADMIN_READ_SCOPE);
    }

    /** The identifier named by the request, or null. */
    static String requested(TokenRequest request) {
        String audience = request.param("audience");
        String resource = request.param("resource");
        if (resource != null) {
            checkResource(resource);
            if (audience != null && !audience.equals(resource)) {
                throw OAuthError.invalidTarget("'audience' and 'resource' name different APIs").exception();
            }
            return resource;
        }
        return audience;
    }

    /** RFC 8707 section 2: an absolute URI without a fragment. */
    private static void checkResource(String resource) {
        try {
            URI uri = new URI(resource);
            if (!uri.isAbsolute() || uri.getFragment() != null) {
                throw OAuthError.invalidTarget("'resource' must be an absolute URI without a fragment").exception();
            }
        } catch (URISyntaxException e) {
            throw OAuthError.invalidTarget("'resource' is not a URI").exception();
        }
    }
}
