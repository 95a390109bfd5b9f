package dev.tollgate.oauth.clientauth;

import dev.tollgate.store.Client;
import dev.tollgate.store.ClientStore;

/**
 * A client authentication method failed. The reason and the claimed client id go to the audit
 * log; the client only ever sees {@code invalid_client}.
 */
final class ClientAuthFailure extends RuntimeException {
    static final String NO_CREDENTIALS = "no_credentials";
    static final String MALFORMED = "malformed_credentials";
    static final String UNKNOWN_CLIENT = "unknown_client";
    static final String WRONG_SECRET = "wrong_secret";
    static final String SECRET_REQUIRED = "secret_required";
    static final String METHOD_NOT_REGISTERED = "method_not_registered";
    static final String ASSERTION_REJECTED = "assertion_rejected";

    private final String reason;
    private final String clientId;

    ClientAuthFailure(String reason, String clientId) {
        super(reason, null, false, false);
        this.reason = reason;
        this.clientId = clientId;
    }

    /** The client with this id, if it is registered for the method; otherwise the failure. */
    static Client registered(ClientStore clients, String id, String method) {
        Client client = clients.find(id).orElseThrow(() -> new ClientAuthFailure(UNKNOWN_CLIENT, id));
        if (!client.allowsAuthMethod(method)) {
            throw new ClientAuthFailure(METHOD_NOT_REGISTERED, id);
        }
        return client;
    }

    String reason() {
        return reason;
    }

    String clientId() {
        return clientId;
    }
}
