package dev.tollgate.store;

import java.util.Optional;

/** Opaque access tokens, and the ids of revoked JWT access tokens. */
public interface AccessTokenStore {
    void save(OpaqueAccessToken token);

    Optional<OpaqueAccessToken> find(String tokenHash);

    void revoke(String tokenHash, long now);

    /** Remembers a revoked JWT's id until the JWT expires anyway. */
    void revokeJwtId(String jti, long expiresAt);

    boolean isJwtIdRevoked(String jti);

    int purgeExpired(long now);
}
