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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-username lockout against password guessing (RFC 6749 section 4.3.2, RFC 6819 section
 * 5.1.4.2.3). Keyed on the submitted username whether or not such a user exists, so a lockout
 * tells an attacker nothing about which usernames are real. After {@code maxFailures} consecutive
 * failures the username is locked for {@code lockoutSeconds}, twice as long on each further
 * lockout up to {@code maxLockoutSeconds}; a success clears the count.
 *
 * <p>{@link #check} comes before the password is hashed and reserves the attempt in storage with
 * one conditional update: a username with {@code maxFailures} failures and checks under way gets no
 * further check until one of them succeeds, so at most {@code maxFailures} hashes run per lockout
 * whatever the concurrency, and failures that finish after the lock started do not extend it.
 *
 * <p>A client and address (the origin, {@link IpRateLimit#key}) from which a login of the user
 * succeeded within {@link #TRUSTED_FOR} keeps a count of its own: failures from elsewhere do not lock
 * it out, and its own failures lock only it. Such an origin is known only after a right password,
 * so it tells nothing about a username that was never logged into.
 *
 * <p>The counters live in storage, shared by every server process; locks, and whether an origin
 * is trusted, are also remembered here for a second, so a username under attack costs at most one
 * storage read per second and origin.
 */
public final class BruteForceGuard implements Metrics.Lockouts {
    /** How long a check waits for the attempts under way when they hold all that a username may have. */
    static final Duration PENDING_WAIT = Duration.ofSeconds(10);
    private static final long PENDING_POLL_MILLIS = 20;
    /** How long a lock seen in storage is trusted without asking again (an unlock elsewhere shows after this). */
    static final Duration RECHECK = Duration.ofSeconds(1);
    /** How long a successful login's origin keeps its own count. */
    public static final Duration TRUSTED_FOR = Duration.ofDays(30);
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
    private final Cache<String, Long> trustedUntil = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(RECHECK)
            .build();

    /** @param maxFailures 0 turns lockout off */
    public record Settings(int maxFailures, long lockoutSeconds, long maxLockoutSeconds) {}

    private final AtomicLong lockouts = new AtomicLong();

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
     * The start of a login: refuses a locked username, or one with as many checks under way as it
     * may still fail, before anything else is done; otherwise reserves the attempt. Every attempt
     * returned must end in {@link #succeeded}, {@link #failed} or {@link #abandoned}.
     *
     * @throws Locked when the username is locked for this origin
     */
    public Attempt check(String username, String clientId, String clientIp) {
        String userKey = key(username);
        String originKey = originKey(username, clientId, clientIp);
        if (settings.maxFailures() == 0) {
            return new Attempt(userKey, originKey, userKey, username);
        }
        long now = clock.instant().getEpochSecond();
        String counted = trusted(originKey, now) ? originKey : userKey;
        Long cached = lockedUntil.getIfPresent(counted);
        if (cached != null && cached > now) {
            throw new Locked(cached - now);
        }
        long deadline = System.nanoTime() + PENDING_WAIT.toNanos();
        while (!store.reserve(counted, display(username), settings.maxFailures(), now)) {
            LoginFailures entry = store.find(counted).orElse(null);
            if (entry != null && entry.lockedAt(now)) {
                lockedUntil.put(counted, entry.lockedUntil());
                throw new Locked(entry.lockedUntil() - now);
            }
            // The attempts it may still have are all under way: their outcome decides. Many right
            // passwords at once (one account used by many workers) wait for it rather than being
            // told of failures that did not happen.
            if (System.nanoTime() > deadline) {
                throw new Locked(1);
            }
            pause();
            now = clock.instant().getEpochSecond();
        }
        return new Attempt(userKey, originKey, counted, username);
    }

    private boolean trusted(String originKey, long now) {
        long until = trustedUntil.get(originKey,
                key -> store.find(key).map(LoginFailures::trustedUntil).orElse(0L));
        return until > now;
    }

    /** The password was right: the failures are forgotten, and the origin is trusted from now on. */
    public void succeeded(Attempt attempt) {
        if (settings.maxFailures() == 0) {
            return;
        }
        long now = clock.instant().getEpochSecond();
        if (!attempt.countedOnOrigin()) {
            store.find(attempt.counted()).ifPresent(entry -> endIfExpired(entry, now));
            store.clear(attempt.counted(), now);
        }
        long until = now + TRUSTED_FOR.toSeconds();
        store.trust(attempt.originKey(), attempt.userKey(), display(attempt.username()), until, now);
        trustedUntil.put(attempt.originKey(), until);
    }

    /** The check could not run (the server was too busy or storage failed): the attempt is taken back. */
    public void abandoned(Attempt attempt) {
        if (settings.maxFailures() > 0) {
            store.release(attempt.counted(), clock.instant().getEpochSecond());
        }
    }

    /** The password was wrong or the user unknown: the reserved attempt stays a failure, perhaps a lockout. */
    public void failed(Attempt attempt, String clientIp) {
        if (settings.maxFailures() == 0) {
            return;
        }
        long now = clock.instant().getEpochSecond();
        LoginFailures after = store.find(attempt.counted()).orElse(null);
        if (after == null || after.failures() < settings.maxFailures() || after.lockedAt(now)) {
            return;
        }
        endIfExpired(after, now);
        long seconds = lockoutSeconds(after.lockouts());
        if (store.lock(attempt.counted(), after.lockouts(), settings.maxFailures(), now + seconds, now)) {
            lockedUntil.put(attempt.counted(), now + seconds);
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
        if (store.clearUser(key) && entry.isPresent()) {
            // the user's origins' keys cannot be derived from the name alone
            lockedUntil.invalidateAll();
            trustedUntil.invalidateAll();
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
        return sha256(User.key(username));
    }

    private static String originKey(String username, String clientId, String clientIp) {
        return sha256(User.key(username) + '\u0000' + IpRateLimit.key(clientId, clientIp));
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static String display(String username) {
        return username.length() > USERNAME_COLUMN ? username.substring(0, USERNAME_COLUMN) : username;
    }

    /**
     * A login under way: the username's key, its origin's, and the one its attempt is counted on
     * (the origin's when that is trusted, else the username's).
     */
    public record Attempt(String userKey, String originKey, String counted, String username) {
        boolean countedOnOrigin() {
            return counted.equals(originKey);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PENDING_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Locked(1);
        }
    }

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
