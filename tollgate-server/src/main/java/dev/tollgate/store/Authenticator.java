package dev.tollgate.store;

/**
 * A user's TOTP authenticator.
 *
 * @param sealedSecret the Base32 secret sealed under the server key
 * @param active false until a first code from it was accepted
 * @param lastStep the last TOTP time step accepted (0: none), so no code is accepted twice
 */
public record Authenticator(String id, String userId, String directory, String sealedSecret, boolean active,
        long createdAt, long lastStep) {}
