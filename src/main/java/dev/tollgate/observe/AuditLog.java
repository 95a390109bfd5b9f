package dev.tollgate.observe;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The security audit log: one JSON line per security event, with the time, the event, its outcome,
 * the client id, the username and the client's IP address where they are known. The methods take
 * no password, secret or token, so none can end up in the log. Where the lines go is
 * {@link AuditOutput}'s business.
 */
public final class AuditLog implements AutoCloseable {
    public static final String TOKEN_ISSUED = "token_issued";
    public static final String LOGIN_FAILED = "login_failed";
    public static final String LOCKOUT_STARTED = "lockout_started";
    public static final String LOCKOUT_ENDED = "lockout_ended";
    public static final String CLIENT_AUTH_FAILED = "client_auth_failed";
    public static final String REFRESH_REUSE_DETECTED = "refresh_reuse_detected";
    public static final String TOKEN_REVOKED = "token_revoked";

    /** Submitted values (usernames, client ids) are cut here, so no request can blow up a line. */
    private static final int MAX_VALUE = 256;

    private final Supplier<Sink> open;
    private volatile Sink sink;

    /** Where the lines go, and how to let go of it. */
    record Sink(Logger logger, Runnable onClose) {}

    /** @param open opens the sink; called now unless {@code lazy}, else at the first event */
    AuditLog(Supplier<Sink> open, boolean lazy) {
        this.open = open;
        if (!lazy) {
            sink = open.get();
        }
    }

    private Logger logger() {
        Sink opened = sink;
        if (opened == null) {
            synchronized (this) {
                if (sink == null) {
                    sink = open.get();
                }
                opened = sink;
            }
        }
        return opened.logger();
    }

    /** A grant succeeded. {@code username} is null for grants without a resource owner. */
    public void tokenIssued(String grantType, String clientId, String username, String clientIp, Set<String> scopes) {
        event(TOKEN_ISSUED, "success", clientId, username, clientIp)
                .addKeyValue("grant_type", grantType)
                .addKeyValue("scope", String.join(" ", new TreeSet<>(scopes)))
                .log();
    }

    /**
     * A password login was refused. {@code reason}: {@code unknown_user}, {@code wrong_password} or
     * {@code locked} (refused before any password check).
     */
    public void loginFailed(String clientId, String username, String clientIp, String reason) {
        event(LOGIN_FAILED, "failure", clientId, username, clientIp).addKeyValue("reason", reason).log();
    }

    /** A username was locked for {@code seconds} after too many failed logins. */
    public void lockoutStarted(String username, String clientIp, long seconds) {
        event(LOCKOUT_STARTED, "locked", null, username, clientIp).addKeyValue("lockout_seconds", seconds).log();
    }

    /** A username's lockout ended. {@code reason}: {@code expired} or {@code unlocked} (by an administrator). */
    public void lockoutEnded(String username, String reason) {
        event(LOCKOUT_ENDED, "unlocked", null, username, null).addKeyValue("reason", reason).log();
    }

    /**
     * Client authentication failed. {@code clientId} is the id the request claimed (null when none);
     * {@code reason}: for example {@code unknown_client}, {@code wrong_secret}, {@code no_credentials}.
     */
    public void clientAuthFailed(String clientId, String method, String clientIp, String reason) {
        event(CLIENT_AUTH_FAILED, "failure", clientId, null, clientIp)
                .addKeyValue("method", method)
                .addKeyValue("reason", reason)
                .log();
    }

    /**
     * An already rotated refresh token was presented again (RFC 9700 section 4.14.2): the token
     * family is revoked. {@code username} of the token's user, null when unknown.
     */
    public void refreshReuseDetected(String clientId, String username, String clientIp) {
        event(REFRESH_REUSE_DETECTED, "failure", clientId, username, clientIp)
                .addKeyValue("reason", "refresh_token_reused")
                .log();
    }

    /**
     * A token was revoked (RFC 7009). {@code tokenType}: {@code access_token} or
     * {@code refresh_token}; {@code username} of the token's user, null when unknown.
     */
    public void tokenRevoked(String clientId, String username, String clientIp, String tokenType) {
        event(TOKEN_REVOKED, "success", clientId, username, clientIp).addKeyValue("token_type", tokenType).log();
    }

    private LoggingEventBuilder event(String name, String outcome, String clientId, String username, String clientIp) {
        LoggingEventBuilder event = logger().atInfo().addKeyValue("event", name).addKeyValue("outcome", outcome);
        optional(event, "client_id", clientId);
        optional(event, "username", username);
        optional(event, "client_ip", clientIp);
        return event;
    }

    private static void optional(LoggingEventBuilder event, String key, String value) {
        if (value != null) {
            event.addKeyValue(key, value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) + "..." : value);
        }
    }

    @Override
    public void close() {
        Sink opened = sink;
        if (opened != null) {
            opened.onClose().run();
        }
    }
}
