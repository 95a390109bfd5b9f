package dev.tollgate.server;

import dev.tollgate.identity.BruteForceGuard;
import dev.tollgate.keys.SigningKeys;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work of a running server: reading the signing keys again, so a key rotated by the
 * CLI or another node is used here within {@code keys.reload_interval}; recording ended lockouts
 * every few seconds; and deleting expired tokens, families, used-assertion records, retired
 * keys and audit events past {@code audit.retention_days} every ten minutes, so storage stays
 * bounded.
 */
final class Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    private static final long SWEEP_SECONDS = 5;

    private final List<LongToIntFunction> expiring;
    private final SigningKeys keys;
    private final BruteForceGuard guard;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tollgate-housekeeping");
        thread.setDaemon(true);
        return thread;
    });

    /** @param expiring each deletes the rows that expired before the time it is given, and says how many */
    Housekeeping(List<LongToIntFunction> expiring, SigningKeys keys, BruteForceGuard guard, Clock clock) {
        this.expiring = List.copyOf(expiring);
        this.keys = keys;
        this.guard = guard;
        this.clock = clock;
    }

    void start(long keyReloadSeconds) {
        scheduler.scheduleWithFixedDelay(this::reloadKeys, keyReloadSeconds, keyReloadSeconds, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(this::purge, 1, 10, TimeUnit.MINUTES);
        scheduler.scheduleWithFixedDelay(this::sweepLockouts, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    /** Records lockouts that ended and forgets idle failure counters. */
    private void sweepLockouts() {
        try {
            guard.sweep();
        } catch (RuntimeException e) {
            // a failed run (storage away for a moment) must not end the schedule
            LOG.warn("lockout sweep failed: {}", e.toString());
        }
    }

    private void reloadKeys() {
        try {
            keys.reload();
        } catch (RuntimeException e) {
            LOG.warn("reloading signing keys failed, keeping the loaded ones: {}", e.toString());
        }
    }

    void purge() {
        try {
            long now = clock.instant().getEpochSecond();
            int rows = 0;
            for (LongToIntFunction purge : expiring) {
                rows += purge.applyAsInt(now);
            }
            if (rows > 0) {
                LOG.info("purged {} expired rows", rows);
            }
        } catch (RuntimeException e) {
            LOG.warn("purging expired rows failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
