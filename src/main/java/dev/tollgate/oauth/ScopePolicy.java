package dev.tollgate.oauth;

import dev.tollgate.store.Client;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which scopes a token receives: what was requested (or, when nothing was, everything the client
 * may have), cut down to what the client may ever receive and what the user may grant.
 */
public final class ScopePolicy {
    /** Fails with {@code invalid_scope} when the client asks for a scope it is not registered for. */
    public void checkRequest(Client client, Set<String> requested) {
        if (requested == null) {
            return;
        }
        Set<String> unknown = new TreeSet<>(requested);
        unknown.removeAll(client.scopes());
        if (!unknown.isEmpty()) {
            throw OAuthError.invalidScope("scope not allowed for this client: " + String.join(" ", unknown))
                    .exception();
        }
    }

    /**
     * The scopes granted for a user. Requested scopes of which the user may grant none is
     * {@code invalid_scope}; with no scope requested the result may be empty.
     */
    public Set<String> grant(Client client, Set<String> userScopes, Set<String> requested) {
        Set<String> granted = new LinkedHashSet<>(requested == null ? client.scopes() : requested);
        granted.retainAll(client.scopes());
        granted.retainAll(userScopes);
        if (requested != null && granted.isEmpty()) {
            throw OAuthError.invalidScope("none of the requested scopes may be granted to this user").exception();
        }
        return granted;
    }
}
