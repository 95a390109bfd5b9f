package dev.tollgate.oauth.clientauth;

import dev.tollgate.store.Client;
import java.util.List;

/**
 * The client authentication methods Tollgate implements, one {@link ClientAuthMethod} each, in
 * the order metadata lists them. Registration and configuration validation read this list; the
 * server checks at start that its authenticators are exactly these.
 */
public final class ClientAuthMethods {
    public static final List<String> KNOWN = List.of(Client.CLIENT_SECRET_BASIC, Client.CLIENT_SECRET_POST,
            Client.CLIENT_SECRET_JWT, Client.PRIVATE_KEY_JWT, Client.NONE);

    private ClientAuthMethods() {}
}
