package dev.tollgate.oauth.clientauth;

import dev.tollgate.oauth.TokenRequest;
import dev.tollgate.store.Client;

/** One client authentication method (RFC 6749 section 2.3, OpenID Connect Core section 9). */
public interface ClientAuthMethod {
    /** The registered name, as in {@code token_endpoint_auth_methods_supported}. */
    String name();

    /** Whether the request carries this method's credentials (whether or not they are right). */
    boolean isPresent(TokenRequest request);

    /** The client the credentials prove, or an {@code invalid_client} error. */
    Client authenticate(TokenRequest request);
}
