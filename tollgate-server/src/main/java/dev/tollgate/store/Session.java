package dev.tollgate.store;

/**
 * A user's active refresh token family as an administrator sees it: when it began, when and
 * from where its current refresh token was issued (the login or the last refresh).
 *
 * @param clientIp null for a token issued before addresses were recorded
 */
public record Session(TokenFamily family, long lastUsedAt, String clientIp) {}
