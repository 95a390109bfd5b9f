package dev.tollgate.server;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes expired tokens, families, revoked-JWT and used-assertion records every few minutes, so storage stays bounded. */
final class ExpiredTokenPurge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiredTokenPurge.class);

    private final Services services;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tollgate-purge");
        thread.setDaemon(true);
        return thread;
    });

    ExpiredTokenPurge(Services services, Clock clock) {
        this.services = services;
        this.clock = clock;
    }

    void start() {
        scheduler.scheduleWithFixedDelay(this::purge, 1, 10, TimeUnit.MINUTES);
    }

    void purge() {
        try {
            long now = clock.instant().getEpochSecond();
            int rows = services.refreshTokens.purgeExpired(now) + services.accessTokens.purgeExpired(now)
                    + services.assertionJtis.purgeExpired(now);
            if (rows > 0) {
                LOG.info("purged {} expired token rows", rows);
            }
        } catch (RuntimeException e) {
            LOG.warn("purging expired tokens failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
