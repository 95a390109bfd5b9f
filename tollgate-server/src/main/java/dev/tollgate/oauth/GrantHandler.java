package dev.tollgate.oauth;

import dev.tollgate.store.Client;

/** One grant type of the token endpoint. The client is already authenticated and allowed the grant. */
public interface GrantHandler {
    /** The exact {@code grant_type} value this handler serves. */
    String grantType();

    TokenResponse handle(Client client, TokenRequest request);
}
