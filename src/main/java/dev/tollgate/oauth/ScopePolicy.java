package dev.tollgate.oauth;

import dev.tollgate.store.Api;
import dev.tollgate.store.Client;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which scopes a token receives: what was requested (or, when nothing was, everything the client
 * may have), cut down to what the client may ever receive, what the API the token is for defines,
 * and what the user may grant. Protocol scopes such as {@code offline_access} belong to no API
 * and need no user permission: the client asking for them is enough.
 */
public final class ScopePolicy {
    static final Set<String> PROTOCOL_SCOPES = Set.of("offline_access");

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
     * credentials). Requested scopes of which none may be granted is {@code invalid_scope}; with
     * no scope requested the result may be empty.
     */
    public Set<String> grant(Client client, Api api, Set<String> userScopes, Set<String> requested) {
        Set<String> granted = new LinkedHashSet<>(requested != null ? requested : client.scopes());
        if (requested == null) {
            granted.removeAll(PROTOCOL_SCOPES);
        }
        granted.retainAll(client.scopes());
        if (api != null) {
            granted.removeIf(scope -> !api.scopes().contains(scope) && !PROTOCOL_SCOPES.contains(scope));
        }
        if (userScopes != null) {
            granted.removeIf(scope -> !userScopes.contains(scope) && !PROTOCOL_SCOPES.contains(scope));
        }
        if (requested != null && granted.isEmpty()) {
            throw OAuthError.invalidScope("none of the requested scopes may be granted").exception();
        }
        return granted;
    }
}
