package dev.tollgate.oauth.clientauth;

import com.nimbusds.jose.JWSAlgorithm;
import dev.tollgate.oauth.TokenRequest;
import dev.tollgate.store.Client;

/** {@code private_key_jwt}: a client assertion signed with the client's private key (RFC 7523). */
public final class PrivateKeyJwtAuthenticator implements ClientAuthMethod {
    private final JwtAssertions assertions;

    public PrivateKeyJwtAuthenticator(JwtAssertions assertions) {
        this.assertions = assertions;
    }

    @Override
    public String name() {
        return Client.PRIVATE_KEY_JWT;
    }

    /** Any signed assertion that is not HMAC counts, so that a wrong algorithm fails here, as invalid_client. */
    @Override
    public boolean isPresent(TokenRequest request) {
        JWSAlgorithm alg = JwtAssertions.algorithm(request);
        return alg != null && !JwtAssertions.SECRET_ALGORITHMS.contains(alg);
    }

    @Override
    public Client authenticate(TokenRequest request) {
        return assertions.authenticate(request, name());
    }
}
