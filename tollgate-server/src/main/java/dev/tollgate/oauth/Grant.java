package dev.tollgate.oauth;

import dev.tollgate.store.Api;
import dev.tollgate.store.Client;
import java.util.Set;

/**
 * What a grant decided: for which client and subject, which scopes, and for which API
 * ({@code api} null means the server's default audience).
 */
public record Grant(Client client, Subject subject, Set<String> scopes, Api api) {
    public Grant {
        scopes = Set.copyOf(scopes);
    }

    public String audience() {
        return api == null ? null : api.identifier();
    }
}
