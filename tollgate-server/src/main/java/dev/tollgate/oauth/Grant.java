package dev.tollgate.oauth;

import dev.tollgate.store.Api;
import dev.tollgate.store.Client;
import java.util.List;
import java.util.Set;

/**
 * What a grant decided: for which client and subject, which scopes, and for which API
 * ({@code api} null means the server's default audience), and how the user authenticated
 * ({@code amr}, RFC 8176 values; empty when not a login).
 */
public record Grant(Client client, Subject subject, Set<String> scopes, Api api, List<String> amr) {
    public Grant {
        scopes = Set.copyOf(scopes);
        amr = amr == null ? List.of() : List.copyOf(amr);
    }

    public Grant(Client client, Subject subject, Set<String> scopes, Api api) {
        this(client, subject, scopes, api, List.of());
    }

    public String audience() {
        return api == null ? null : api.identifier();
    }
}
