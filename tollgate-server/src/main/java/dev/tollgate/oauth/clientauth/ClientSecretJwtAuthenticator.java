package dev.tollgate.oauth.clientauth;

import com.nimbusds.jose.JWSAlgorithm;
import dev.tollgate.oauth.TokenRequest;
import dev.tollgate.store.Client;

/** {@code client_secret_jwt}: a client assertion MACed with the client's secret (HS256/384/512). */
public final class ClientSecretJwtAuthenticator implements ClientAuthMethod {
    private final JwtAssertions assertions;

    public ClientSecretJwtAuthenticator(JwtAssertions assertions) {
        this.assertions = assertions;
    }

    @Override
    public String name() {
        return Client.CLIENT_SECRET_JWT;
    }

    @Override
    public boolean isPresent(TokenRequest request) {
        JWSAlgorithm alg = JwtAssertions.algorithm(request);
        return alg != null && JwtAssertions.SECRET_ALGORITHMS.contains(alg);
    }

    @Override
    public Client authenticate(TokenRequest request) {
        return assertions.authenticate(request, name());
    }
}
