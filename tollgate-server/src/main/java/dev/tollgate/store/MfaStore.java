package dev.tollgate.store;

import java.util.List;
import java.util.Optional;

/** Authenticators, recovery codes and mfa_tokens. */
public interface MfaStore {
    List<Authenticator> authenticators(String userId, String directory);

    Optional<Authenticator> authenticator(String id);

    /** Adds the authenticator, replacing the user's pending (inactive) ones. */
    void addAuthenticator(Authenticator authenticator);

    /**
     * Records that {@code step} was accepted from the authenticator, which makes it active; false
     * when that step or a later one was already accepted (a replay).
     */
    boolean useStep(String id, long step);

    boolean removeAuthenticator(String id);

    /** Removes every authenticator and the recovery code of the user; returns how many authenticators went. */
    int reset(String userId, String directory);

    void setRecoveryCode(String userId, String directory, String codeHash, long now);

    /** Replaces the recovery code if it is {@code oldHash}; false when it is not (wrong or already used). */
    boolean replaceRecoveryCode(String userId, String directory, String oldHash, String newHash, long now);

    void saveToken(MfaToken token);

    Optional<MfaToken> findToken(String tokenHash);

    /**
     * Counts one try of a code against the token, before the code is checked; false when the token
     * has had {@code maxTries} already or has expired. A right code then consumes the token.
     */
    boolean reserveTry(String tokenHash, int maxTries, long now);

    /** Ends the token; false when it had already been used up by another request. */
    boolean consumeToken(String tokenHash);

    int purgeExpiredTokens(long now);
}
