package dev.tollgate.oauth.clientauth;

import dev.tollgate.oauth.TokenRequest;
import dev.tollgate.store.Client;
import dev.tollgate.store.ClientStore;

/**
 * {@code none}: a public client (one registered without a secret) names itself with
 * {@code client_id} alone (RFC 6749 section 2.1). A confidential client cannot use it.
 */
public final class PublicClientAuthenticator implements ClientAuthMethod {
    private final ClientStore clients;

    public PublicClientAuthenticator(ClientStore clients) {
        this.clients = clients;
    }

    @Override
    public String name() {
        return Client.NONE;
    }

    @Override
    public boolean isPresent(TokenRequest request) {
        return request.has("client_id")
                && !request.has("client_secret")
                && !request.has("client_assertion")
                && request.authorization() == null;
    }

    @Override
    public Client authenticate(TokenRequest request) {
        String id = request.param("client_id");
        Client client = clients.find(id).orElseThrow(() -> new ClientAuthFailure(ClientAuthFailure.UNKNOWN_CLIENT, id));
        if (!client.isPublic()) {
            throw new ClientAuthFailure(ClientAuthFailure.SECRET_REQUIRED, id);
        }
        return client;
    }
}
