package dev.tollgate.observe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The security audit log: one JSON line per security event, with the time, the event, its outcome,
 * the client id, the username and the client's IP address where they are known. The methods take
 * no password, secret or token, so none can end up in the log. Where the lines go is
 * {@link AuditOutput}'s business; each event is also handed to an {@link AuditQueue}, which
 * stores it in the database, when there is one.
 */
public final class AuditLog implements AutoCloseable {
    public static final String TOKEN_ISSUED = "token_issued";
    public static final String LOGIN_FAILED = "login_failed";
    public static final String LOCKOUT_STARTED = "lockout_started";
    public static final String LOCKOUT_ENDED = "lockout_ended";
    public static final String CLIENT_AUTH_FAILED = "client_auth_failed";
    public static final String REFRESH_REUSE_DETECTED = "refresh_reuse_detected";
    public static final String TOKEN_REVOKED = "token_revoked";
    public static final String ADMIN_CHANGE = "admin_change";

    /** Submitted values (usernames, client ids) are cut here, so no request can blow up a line. */
    private static final int MAX_VALUE = 256;

    private final Supplier<Sink> open;
    private final AuditQueue store;
    private volatile Sink sink;

    /** Where the lines go, and how to let go of it. */
    record Sink(Logger logger, Runnable onClose) {}

    /**
     * @param open opens the sink; called now unless {@code lazy}, else at the first event
     * @param store where the events are stored as well; null for the log file only
     */
    AuditLog(Supplier<Sink> open, boolean lazy, AuditQueue store) {
        this.open = open;
        this.store = store;
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
                .with("grant_type", grantType)
                .with("scope", String.join(" ", new TreeSet<>(scopes)))
                .log();
    }

    /**
     * A password login was refused. {@code reason}: {@code unknown_user}, {@code wrong_password} or
     * {@code locked} (refused before any password check).
     */
    public void loginFailed(String clientId, String username, String clientIp, String reason) {
        event(LOGIN_FAILED, "failure", clientId, username, clientIp).with("reason", reason).log();
    }

    /** A username was locked for {@code seconds} after too many failed logins. */
    public void lockoutStarted(String username, String clientIp, long seconds) {
        event(LOCKOUT_STARTED, "locked", null, username, clientIp).with("lockout_seconds", seconds).log();
    }

    /** A username's lockout ended. {@code reason}: {@code expired} or {@code unlocked} (by an administrator). */
    public void lockoutEnded(String username, String reason) {
        event(LOCKOUT_ENDED, "unlocked", null, username, null).with("reason", reason).log();
    }

    /**
     * Client authentication failed. {@code clientId} is the id the request claimed (null when none);
     * {@code reason}: for example {@code unknown_client}, {@code wrong_secret}, {@code no_credentials}.
     */
    public void clientAuthFailed(String clientId, String method, String clientIp, String reason) {
        event(CLIENT_AUTH_FAILED, "failure", clientId, null, clientIp)
                .with("method", method)
                .with("reason", reason)
                .log();
    }

    /**
     * An already rotated refresh token was presented again (RFC 9700 section 4.14.2): the token
     * family is revoked. {@code username} of the token's user, null when unknown.
     */
    public void refreshReuseDetected(String clientId, String username, String clientIp) {
        event(REFRESH_REUSE_DETECTED, "failure", clientId, username, clientIp)
                .with("reason", "refresh_token_reused")
                .log();
    }

    /**
     * A token was revoked (RFC 7009). {@code tokenType}: {@code access_token} or
     * {@code refresh_token}; {@code username} of the token's user, null when unknown.
     */
    public void tokenRevoked(String clientId, String username, String clientIp, String tokenType) {
        event(TOKEN_REVOKED, "success", clientId, username, clientIp).with("token_type", tokenType).log();
    }

    /**
     * An administrator changed something. {@code operation}: {@code create}, {@code update},
     * {@code delete}, {@code rotate_secret}, {@code set_password}, {@code unlock},
     * {@code revoke_sessions}, {@code rotate_keys}; {@code resourceType}: {@code client},
     * {@code user}, {@code api}, {@code key}, {@code lockout}, {@code session}. {@code before} and
     * {@code after} are the resource's fields (null when there is none: before a create, after a
     * delete), nested as JSON objects in the line.
     *
     * <p>The event's client id, username and client IP are the admin's: the client the admin's
     * token was issued to, the token's subject ({@code cli} for the command line) and the
     * request's address; they are repeated as {@code actor_client_id} and {@code actor_subject}
     * (a null actor: all unknown).
     * Callers leave secrets and hashes out of before and after; in case one slips through, every
     * key whose name contains {@code secret}, {@code password} or {@code hash} is dropped, at any
     * depth.
     */
    public void adminChange(AdminActor actor, String operation, String resourceType, String resourceId,
            Map<String, Object> before, Map<String, Object> after) {
        AdminActor who = actor == null ? new AdminActor(null, null, null) : actor;
        event(ADMIN_CHANGE, "success", who.clientId(), who.subject(), who.clientIp())
                .with("operation", operation)
                .with("resource_type", resourceType)
                .with("resource_id", cut(resourceId))
                .with("actor_subject", cut(who.subject()))
                .with("actor_client_id", cut(who.clientId()))
                .with("before", withoutSecrets(before))
                .with("after", withoutSecrets(after))
                .log();
    }

    /** Whether a field's name says it holds a secret or a hash of one. */
    private static boolean namesSecret(String key) {
        String name = key.toLowerCase(Locale.ROOT);
        return name.contains("secret") || name.contains("password") || name.contains("hash");
    }

    private static Map<String, Object> withoutSecrets(Map<?, ?> fields) {
        if (fields == null) {
            return null;
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        fields.forEach((key, value) -> {
            String name = String.valueOf(key);
            if (!namesSecret(name)) {
                kept.put(name, withoutSecretsIn(value));
            }
        });
        return kept;
    }

    private static Object withoutSecretsIn(Object value) {
        if (value instanceof Map<?, ?> map) {
            return withoutSecrets(map);
        }
        if (value instanceof Iterable<?> items) {
            List<Object> kept = new ArrayList<>();
            items.forEach(item -> kept.add(withoutSecretsIn(item)));
            return kept;
        }
        return value;
    }

    private Event event(String name, String outcome, String clientId, String username, String clientIp) {
        return new Event(name, outcome, cut(clientId), cut(username), cut(clientIp));
    }

    private static String cut(String value) {
        return value == null || value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE) + "...";
    }

    /** One event being built: its line has the fixed fields, then the details in the order given. */
    private final class Event {
        private final String name;
        private final String outcome;
        private final String clientId;
        private final String username;
        private final String clientIp;
        private final Map<String, Object> details = new LinkedHashMap<>();

        Event(String name, String outcome, String clientId, String username, String clientIp) {
            this.name = name;
            this.outcome = outcome;
            this.clientId = clientId;
            this.username = username;
            this.clientIp = clientIp;
        }

        Event with(String key, Object value) {
            details.put(key, value);
            return this;
        }

        void log() {
            long now = System.currentTimeMillis();
            LoggingEventBuilder line = logger().atInfo().addKeyValue("event", name).addKeyValue("outcome", outcome);
            optional(line, "client_id", clientId);
            optional(line, "username", username);
            optional(line, "client_ip", clientIp);
            details.forEach(line::addKeyValue);
            line.log();
            if (store != null) {
                store.record(new AuditRecord(now, name, outcome, clientId, username, clientIp, details));
            }
        }

        private static void optional(LoggingEventBuilder line, String key, String value) {
            if (value != null) {
                line.addKeyValue(key, value);
            }
        }
    }

    /**
     * Waits until the events logged so far are stored (a few seconds at most), so that a search
     * right after an event finds it.
     */
    public void flush() {
        if (store != null) {
            store.flush();
        }
    }

    /** Stores what is still queued, then closes the log file. */
    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
        Sink opened = sink;
        if (opened != null) {
            opened.onClose().run();
        }
    }
}
