package dev.tollgate.http.console;

import dev.tollgate.identity.Identity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions of the console or the portal, in this process's memory: a restart signs
 * everyone out, and behind a load balancer a browser must keep to one node. The cookie holds a
 * random token; only its SHA-256 is kept, so a heap dump gives no cookie to replay. A session
 * begins before sign-in (its CSRF token protects the sign-in form) and is replaced at sign-in,
 * so a token planted before cannot ride the signed-in session.
 */
final class WebSessions {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Past this many sessions the oldest idle ones are dropped first, so anonymous page views cannot fill memory. */
    private static final int MAX_SESSIONS = 10_000;

    private final Map<String, WebSession> byHash = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long idleSeconds;
    private final long absoluteSeconds;

    WebSessions(Clock clock, long idleSeconds, long absoluteSeconds) {
        this.clock = clock;
        this.idleSeconds = idleSeconds;
        this.absoluteSeconds = absoluteSeconds;
    }

    /** One browser's session: {@code user} is null until sign-in. */
    static final class WebSession {
        final String token;
        final String csrf;
        final Identity user;
        final long startedAt;
        volatile long lastSeenAt;
        /** A secret just generated, shown on the next page only. */
        volatile Map<String, String> flash;

        WebSession(String token, String csrf, Identity user, long now) {
            this.token = token;
            this.csrf = csrf;
            this.user = user;
            this.startedAt = now;
            this.lastSeenAt = now;
        }

        boolean csrfMatches(String submitted) {
            return submitted != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                    submitted.getBytes(StandardCharsets.UTF_8));
        }

        /** The flash and forgets it. */
        Map<String, String> takeFlash() {
            Map<String, String> taken = flash;
            flash = null;
            return taken == null ? Map.of() : taken;
        }
    }

    /** The live session of this cookie, its idle clock reset; null when none or ended. */
    WebSession find(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return null;
        }
        String key = hash(token);
        WebSession session = byHash.get(key);
        if (session == null) {
            return null;
        }
        long now = now();
        if (now - session.lastSeenAt >= idleSeconds || now - session.startedAt >= absoluteSeconds) {
            byHash.remove(key);
            return null;
        }
        session.lastSeenAt = now;
        return session;
    }

    /** A new session, anonymous ({@code user} null) or signed in. */
    WebSession start(Identity user) {
        if (byHash.size() >= MAX_SESSIONS) {
            sweep();
        }
        WebSession session = new WebSession(random(), random(), user, now());
        byHash.put(hash(session.token), session);
        return session;
    }

    void end(WebSession session) {
        byHash.remove(hash(session.token));
    }

    /** Ends every session of the user (after its password was changed or the user removed). */
    void endAll(String userId) {
        byHash.values().removeIf(session -> session.user != null && session.user.id().equals(userId));
    }

    long idleSeconds() {
        return idleSeconds;
    }

    private void sweep() {
        long now = now();
        byHash.values().removeIf(s -> now - s.lastSeenAt >= idleSeconds || now - s.startedAt >= absoluteSeconds);
        if (byHash.size() >= MAX_SESSIONS) {
            byHash.values().removeIf(s -> s.user == null);
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String token) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
