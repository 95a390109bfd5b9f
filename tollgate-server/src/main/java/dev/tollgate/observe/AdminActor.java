package dev.tollgate.observe;

/**
 * Who made an admin change: the subject of the admin's access token and the client it was issued
 * to, and the address the request came from. Any may be null when unknown; the command line is
 * {@link #CLI}.
 */
public record AdminActor(String subject, String clientId, String clientIp) {
    /** A change made with the {@code tollgate} command on the server's host. */
    public static final AdminActor CLI = new AdminActor("cli", null, null);
}
