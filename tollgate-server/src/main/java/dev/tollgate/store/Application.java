package dev.tollgate.store;

/**
 * A developer portal application: the client it registered and who owns it.
 *
 * @param ownerId the id of the database user who created it
 * @param createdAt epoch seconds
 */
public record Application(String clientId, String ownerId, String name, long createdAt) {}
