package dev.tollgate.store;

import java.util.List;
import java.util.Optional;

public interface RefreshTokenStore {
    /** Stores a new family with its first refresh token, together or not at all. */
    void startFamily(TokenFamily family, RefreshToken first);

    Optional<RefreshToken> find(String tokenHash);

    Optional<TokenFamily> findFamily(String familyId);

    /** The refresh token with its family, read in one statement (a token always has one). */
    Optional<RefreshToken.InFamily> findWithFamily(String tokenHash);

    /**
     * Marks {@code current} rotated and stores {@code next} in one transaction, but only if
     * {@code current} was not rotated before and its family is not revoked. Of any number of
     * concurrent calls for the same token, across processes, exactly one returns true.
     */
    boolean rotate(String currentHash, RefreshToken next, long now);

    void revokeFamily(String familyId, long now);

    /** The user's families usable now, newest first, each with its current refresh token's time and address. */
    List<Session> sessions(String userDirectory, String userId, long now);

    /** Revokes every family of the user that is not revoked yet; returns how many. */
    int revokeUserFamilies(String userDirectory, String userId, long now);

    /**
     * Revokes every token family of the user (with the access tokens issued from them) and its other
     * opaque access tokens: the user is gone from its directory.
     */
    void revokeUser(String userId, String directory, long now);

    /** Deletes families, refresh tokens and their access tokens past their expiry; returns how many rows. */
    int purgeExpired(long now);
}
