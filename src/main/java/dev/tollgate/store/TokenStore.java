package dev.tollgate.store;

import java.util.Optional;

public interface TokenStore {
    void saveRefreshToken(RefreshToken token);

    Optional<RefreshToken> findRefreshToken(String tokenHash);
}
