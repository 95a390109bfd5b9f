package dev.tollgate.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tollgate.observe.AuditLog;
import dev.tollgate.observe.Metrics;
import dev.tollgate.store.LoginFailureStore;
import dev.tollgate.store.LoginFailures;
import dev.tollgate.store.User;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Per-username lockout against password guessing (RFC 6749 section 4.3.2, RFC 6819 section
 * 5.1.4.2.3). Keyed on the submitted username whether or not such a user exists, so a lockout
 * tells an attacker nothing about which usernames are real. After {@code maxFailures} consecutive
 * failures the username is locked for {@code lockoutSeconds}, twice as long on each further
 * lockout up to {@code maxLockoutSeconds}; a success clears the count.
 *
 * <p>{@link #check} comes before the password is hashed, so a locked username costs no hash. The
 * counters live in storage, shared by every server process; locks are also remembered here for a
 * second, so a username under attack costs at most one storage read per second.
 */
public final class BruteForceGuard implements Metrics.Lockouts {
    /** How long a lock seen in storage is trusted without asking again (an unlock elsewhere shows after this). */
    static final Duration RECHECK = Duration.ofSeconds(1);
    private static final int MAX_DOUBLINGS = 30;
    private static final int USERNAME_COLUMN = 255;

    private final LoginFailureStore store;
    private final Settings settings;
    private final Clock clock;
    private final AuditLog audit;
    private final Cache<String, Long> lockedUntil = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(RECHECK)
            .build();

    /** @param maxFailures 0 turns lockout off */
    public record Settings(int maxFailures, long lockoutSeconds, long maxLockoutSeconds) {}

    private final java.util.concurrent.atomic.AtomicLong lockouts = new java.util.concurrent.atomic.AtomicLong();

    /** Lockouts this process has started. */
    @Override
    public long lockouts() {
        return lockouts.get();
    }

    public BruteForceGuard(LoginFailureStore store, Settings settings, Clock clock, AuditLog audit) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * The start of a login: refuses a locked username before anything else is done.
     *
     * @throws Locked when the username is locked
     */
    public Attempt check(String username) {
        String key = key(username);
        if (settings.maxFailures() == 0) {
            return new Attempt(key, username, null);
        }
        long now = clock.instant().getEpochSecond();
        Long cached = lockedUntil.getIfPresent(key);
        if (cached != null && cached > now) {
            throw new Locked(cached - now);
        }
        LoginFailures entry = store.find(key).orElse(null);
        if (entry != null && entry.lockedAt(now)) {
            lockedUntil.put(key, entry.lockedUntil());
            throw new Locked(entry.lockedUntil() - now);
        }
        return new Attempt(key, username, entry);
    }

    /** The password was right: the username's failures are forgotten. */
    public void succeeded(Attempt attempt) {
        if (attempt.entry() != null) {
            endIfExpired(attempt.entry(), clock.instant().getEpochSecond());
            store.clear(attempt.key());
        }
    }

    /** The password was wrong or the user unknown: one more failure, perhaps a lockout. */
    public void failed(Attempt attempt, String clientIp) {
        if (settings.maxFailures() == 0) {
            return;
        }
        long now = clock.instant().getEpochSecond();
        LoginFailures after = store.recordFailure(attempt.key(), display(attempt.username()), now);
        if (after.failures() < settings.maxFailures() || after.lockedAt(now)) {
            return;
        }
        endIfExpired(after, now);
        long seconds = lockoutSeconds(after.lockouts());
        if (store.lock(attempt.key(), after.lockouts(), settings.maxFailures(), now + seconds, now)) {
            lockedUntil.put(attempt.key(), now + seconds);
            audit.lockoutStarted(after.username(), clientIp, seconds);
            lockouts.incrementAndGet();
        }
    }

    /** The length of the next lockout after {@code lockouts} earlier ones. */
    long lockoutSeconds(int lockouts) {
        long seconds = settings.lockoutSeconds();
        for (int i = 0; i < Math.min(lockouts, MAX_DOUBLINGS) && seconds < settings.maxLockoutSeconds(); i++) {
            seconds *= 2;
        }
        return Math.min(seconds, settings.maxLockoutSeconds());
    }

    private void endIfExpired(LoginFailures entry, long now) {
        if (entry.lockoutOpen() && store.endLockout(entry.usernameKey(), now)) {
            audit.lockoutEnded(entry.username(), "expired");
        }
    }

    /**
     * Clears the username's failures and any lockout (the {@code user unlock} command). Returns the
     * entry as it was, empty when there was none.
     */
    public Optional<LoginFailures> unlock(String username) {
        String key = key(username);
        long now = clock.instant().getEpochSecond();
        Optional<LoginFailures> entry = store.find(key);
        if (entry.isPresent() && store.clear(key)) {
            lockedUntil.invalidate(key);
            if (entry.get().lockoutOpen()) {
                audit.lockoutEnded(entry.get().username(), entry.get().lockedAt(now) ? "unlocked" : "expired");
            }
            return entry;
        }
        return Optional.empty();
    }

    /**
     * Records the end of lockouts that ran out and forgets usernames quiet for longer than the
     * longest lockout, so a stuffing attack with millions of usernames does not fill storage.
     * Called periodically.
     */
    public void sweep() {
        long now = clock.instant().getEpochSecond();
        for (LoginFailures ended : store.endExpiredLockouts(now)) {
            audit.lockoutEnded(ended.username(), "expired");
        }
        store.purge(now - settings.maxLockoutSeconds());
    }

    /** Case-insensitive like usernames, and of fixed size however long the submitted name. */
    static String key(String username) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(User.key(username).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static String display(String username) {
        return username.length() > USERNAME_COLUMN ? username.substring(0, USERNAME_COLUMN) : username;
    }

    /** A login under way: the username's key and its counters as they were when it started (null: none). */
    public record Attempt(String key, String username, LoginFailures entry) {}

    /** The username is locked; nothing was checked. */
    public static final class Locked extends RuntimeException {
        private final long retryAfterSeconds;

        Locked(long retryAfterSeconds) {
            super("username locked", null, false, false);
            this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
