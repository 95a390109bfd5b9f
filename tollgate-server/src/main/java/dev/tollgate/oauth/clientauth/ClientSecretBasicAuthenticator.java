package dev.tollgate.oauth.clientauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import dev.tollgate.oauth.OAuthError;
import dev.tollgate.oauth.TokenRequest;
import dev.tollgate.store.Client;
import dev.tollgate.store.ClientStore;
import java.util.Locale;

/** {@code client_secret_basic}: HTTP Basic with the client id and secret (RFC 6749 section 2.3.1). */
public final class ClientSecretBasicAuthenticator implements ClientAuthMethod {
    private final ClientStore clients;
    private final ClientSecretVerifier secrets;

    public ClientSecretBasicAuthenticator(ClientStore clients, ClientSecretVerifier secrets) {
        this.clients = clients;
        this.secrets = secrets;
    }

    @Override
    public String name() {
        return Client.CLIENT_SECRET_BASIC;
    }

    @Override
    public boolean isPresent(TokenRequest request) {
        String header = request.authorization();
        return header != null && header.toLowerCase(Locale.ROOT).startsWith("basic ");
    }

    @Override
    public Client authenticate(TokenRequest request) {
        ClientSecretBasic basic;
        try {
            basic = ClientSecretBasic.parse(request.authorization());
        } catch (ParseException e) {
            throw new ClientAuthFailure(ClientAuthFailure.MALFORMED, null);
        }
        String id = basic.getClientID().getValue();
        String bodyId = request.param("client_id");
        if (bodyId != null && !bodyId.equals(id)) {
            throw OAuthError.invalidRequest("client_id in the body differs from the Basic authorization header")
                    .exception();
        }
        Client client = ClientAuthFailure.registered(clients, id, name());
        if (!secrets.verify(client, basic.getClientSecret().getValue(), request.clientIp())) {
            throw new ClientAuthFailure(ClientAuthFailure.WRONG_SECRET, id);
        }
        return client;
    }
}
