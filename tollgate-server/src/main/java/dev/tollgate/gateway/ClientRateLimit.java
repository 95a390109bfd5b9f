package dev.tollgate.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/**
 * {@code requests_per_minute} per client and route: one Bucket4j token bucket each (refilled
 * evenly over the minute, the whole minute's worth as the burst), kept while it is in use.
 */
final class ClientRateLimit {
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(2)).maximumSize(200_000).build();

    /** 0 when the request may go ahead, else the seconds to wait (for {@code Retry-After}). */
    long acquire(GatewayRoute route, String clientId) {
        Integer perMinute = route.requestsPerMinute();
        if (perMinute == null) {
            return 0;
        }
        Bucket bucket = buckets.get(route.prefix() + '\n' + clientId, key -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return 0;
        }
        return Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    }
}
