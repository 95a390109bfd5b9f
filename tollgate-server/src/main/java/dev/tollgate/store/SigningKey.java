package dev.tollgate.store;

/**
 * A signing key pair as stored: the private JWK sealed under the server key.
 *
 * @param activeFrom when it starts signing (epoch seconds); published in the JWKS before that
 * @param retireAt when it leaves the JWKS, or null while it is current
 */
public record SigningKey(String kid, String alg, String jwk, long createdAt, long activeFrom, Long retireAt) {
    public SigningKey withJwk(String newJwk) {
        return new SigningKey(kid, alg, newJwk, createdAt, activeFrom, retireAt);
    }

    public boolean isRetired(long now) {
        return retireAt != null && retireAt <= now;
    }
}
