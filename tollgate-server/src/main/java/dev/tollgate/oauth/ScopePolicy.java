package dev.tollgate.oauth;

import dev.tollgate.store.Api;
import dev.tollgate.store.Client;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which scopes a token receives: what was requested (or, when nothing was, everything the client
 * may have), cut down to what the client may ever receive, what the API the token is for defines,
 * and what the user may grant. Protocol scopes ({@code offline_access} and the OpenID Connect
 * scopes) belong to no API and need no user permission: the client asking for them is enough.
 * They all speak of a user, so a grant without one (client credentials) never receives them.
 */
public final class ScopePolicy {
    /** OpenID Connect Core section 3.1.2.1 ({@code openid}) and section 5.4 (the claim scopes). */
    public static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "email", "phone", "address");
    static final Set<String> PROTOCOL_SCOPES = union(Set.of("offline_access"), OIDC_SCOPES);

    /** Fails with {@code invalid_scope} when a requested scope is not the client's or not the API's. */
    public void checkRequest(Client client, Api api, Set<String> requested) {
        if (requested == null) {
            return;
        }
        Set<String> unknown = new TreeSet<>(requested);
        unknown.removeAll(client.scopes());
        if (!unknown.isEmpty()) {
            throw OAuthError.invalidScope("scope not allowed for this client: " + String.join(" ", unknown))
                    .exception();
        }
        if (api != null) {
            Set<String> foreign = new TreeSet<>(requested);
            foreign.removeAll(api.scopes());
            foreign.removeAll(PROTOCOL_SCOPES);
            if (!foreign.isEmpty()) {
                throw OAuthError.invalidScope("scope not defined by " + api.identifier() + ": "
                        + String.join(" ", foreign)).exception();
            }
        }
    }

    /**
     * The scopes granted. {@code userScopes} is null when no user is involved (client
     * credentials): then no protocol scope is granted. Requested scopes of which none may be granted is {@code invalid_scope}; with
     * no scope requested the result may be empty.
     */
    public Set<String> grant(Client client, Api api, Set<String> userScopes, Set<String> requested) {
        Set<String> candidates = new LinkedHashSet<>(requested != null ? requested : client.scopes());
        if (requested == null) {
            candidates.removeAll(PROTOCOL_SCOPES);
        }
        Set<String> granted = current(client, api, userScopes, candidates);
        if (requested != null && granted.isEmpty()) {
            throw OAuthError.invalidScope("none of the requested scopes may be granted").exception();
        }
        return granted;
    }

    /**
     * What of {@code scopes} the client, the API and the user ({@code userScopes}; null for no
     * user) allow now. A refresh passes its family's scopes through this, so a scope taken from
     * the user or the client since the login is not granted again; the result may be empty.
     */
    public Set<String> current(Client client, Api api, Set<String> userScopes, Set<String> scopes) {
        Set<String> granted = new LinkedHashSet<>(scopes);
        granted.retainAll(client.scopes());
        if (api != null) {
            granted.removeIf(scope -> !api.scopes().contains(scope) && !PROTOCOL_SCOPES.contains(scope));
        }
        if (userScopes != null) {
            granted.removeIf(scope -> !userScopes.contains(scope) && !PROTOCOL_SCOPES.contains(scope));
        } else {
            granted.removeAll(PROTOCOL_SCOPES);
        }
        return granted;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
