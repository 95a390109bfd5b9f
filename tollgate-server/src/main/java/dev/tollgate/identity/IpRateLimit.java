package dev.tollgate.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A token bucket per key (Bucket4j): {@code perMinute} requests a minute, refilled evenly, with
 * room for a burst of a tenth of that. A bucket as large as the whole minute would let every new
 * address spend a minute's worth of password hashing at once. A key is a client IP address, alone
 * or with the id of an authenticated client ({@link #key}); an IPv6 client is counted per /64
 * network, since one host usually holds a whole /64.
 *
 * <p>The token endpoint takes a request from its address's bucket before anything else is done,
 * and once its client is authenticated gives it back and takes one from the (client, address)
 * bucket instead: applications behind one address (a NAT, a shared backend) do not share a limit,
 * while requests that fail client authentication stay counted against the address.
 *
 * <p>The buckets are kept in this process's memory, not in storage: a storage write per request
 * would cost more than the requests the limit exists to turn away. A cluster of n processes
 * therefore allows n times the rate per address.
 */
public final class IpRateLimit {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perMinute;
    private final int burst;
    // A bucket left alone for a minute is full again, so forgetting it then changes nothing.
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterAccess(WINDOW)
            .build();

    /** @param perMinute 0 turns the limit off */
    public IpRateLimit(int perMinute) {
        this.perMinute = perMinute;
        this.burst = Math.max(1, perMinute / 10);
    }

    /** The bucket of an address, or with a client id, of that client at that address. */
    public static String key(String clientId, String address) {
        return clientId == null ? network(address) : network(address) + " " + clientId;
    }

    /** Takes one request from the key's bucket: 0 when allowed, else the seconds until one is. */
    public long acquire(String key) {
        if (perMinute == 0) {
            return 0;
        }
        Bucket bucket = buckets.get(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perMinute, WINDOW).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return 0;
        }
        return Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
    }

    /** Gives back a request taken from the key's bucket. */
    public void refund(String key) {
        Bucket bucket = perMinute == 0 ? null : buckets.getIfPresent(key);
        if (bucket != null) {
            bucket.addTokens(1);
        }
    }

    /**
     * The network an address literal is counted in: an IPv4 address as it is, an IPv6 address's /64.
     * (A literal with a colon is parsed without any DNS lookup.)
     */
    public static String network(String address) {
        if (address == null) {
            return "unknown";
        }
        if (address.indexOf(':') < 0) {
            return address;
        }
        try {
            return key(InetAddress.getByName(address));
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private static String key(InetAddress address) {
        if (address instanceof Inet6Address) {
            return HexFormat.of().formatHex(Arrays.copyOf(address.getAddress(), 8)) + "/64";
        }
        return address.getHostAddress();
    }
}
