package dev.tollgate.oauth.clientauth;

import dev.tollgate.oauth.OAuthError;
import dev.tollgate.oauth.TokenRequest;
import dev.tollgate.store.Client;
import dev.tollgate.store.ClientStore;

/** {@code client_secret_post}: {@code client_id} and {@code client_secret} in the body (RFC 6749 section 2.3.1). */
public final class ClientSecretPostAuthenticator implements ClientAuthMethod {
    private final ClientStore clients;
    private final ClientSecretVerifier secrets;

    public ClientSecretPostAuthenticator(ClientStore clients, ClientSecretVerifier secrets) {
        this.clients = clients;
        this.secrets = secrets;
    }

    @Override
    public String name() {
        return Client.CLIENT_SECRET_POST;
    }

    @Override
    public boolean isPresent(TokenRequest request) {
        return request.has("client_secret");
    }

    @Override
    public Client authenticate(TokenRequest request) {
        String id = request.param("client_id");
        if (id == null) {
            throw OAuthError.invalidRequest("missing parameter 'client_id' (required with 'client_secret')")
                    .exception();
        }
        Client client = ClientAuthFailure.registered(clients, id, name());
        if (!secrets.verify(client, request.param("client_secret"), request.clientIp())) {
            throw new ClientAuthFailure(ClientAuthFailure.WRONG_SECRET, id);
        }
        return client;
    }
}
