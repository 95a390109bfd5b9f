package dev.tollgate.store;

/** The replay cache of client assertions (RFC 7523 section 3): each jti is accepted once per client. */
public interface AssertionJtiStore {
    boolean isUsed(String clientId, String jtiHash);

    /** Records the jti; false if it was recorded before (also by a concurrent request on any node). */
    boolean markUsed(String clientId, String jtiHash, long expiresAt);

    int purgeExpired(long now);
}
