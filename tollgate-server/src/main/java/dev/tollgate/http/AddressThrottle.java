package dev.tollgate.http;

import dev.tollgate.identity.IpRateLimit;
import dev.tollgate.oauth.OAuthError;
import dev.tollgate.oauth.OAuthException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.InetAddress;
import java.util.Map;

/**
 * A before-handler that spends one request of the client address's bucket before the body is even
 * read: 429 {@code too_many_requests} with {@code Retry-After} past the limit. One instance guards
 * every endpoint that takes credentials, so an address has one budget for all of them.
 */
public final class AddressThrottle implements Handler {
    private final IpRateLimit limit;

    public AddressThrottle(IpRateLimit limit) {
        this.limit = limit;
    }

    @Override
    public void handle(Context ctx) {
        // the token endpoint moves the request to its authenticated client's bucket (RequestOrigin)
        check(limit.acquire(IpRateLimit.key(null, address(ctx))));
    }

    /**
     * Moves a request whose client has proven who it is from its address's bucket to the
     * (client, address) bucket, as the token endpoint does: one client's calls do not use up
     * the budget of everyone behind the same address.
     */
    public void authenticated(Context ctx, String clientId) {
        String address = address(ctx);
        limit.refund(IpRateLimit.key(null, address));
        check(limit.acquire(IpRateLimit.key(clientId, address)));
    }

    private static String address(Context ctx) {
        return ctx.<InetAddress>attribute(HttpServer.CLIENT_ADDRESS).getHostAddress();
    }

    private static void check(long retryAfter) {
        if (retryAfter > 0) {
            throw new OAuthException(OAuthError.tooManyRequests("too many requests from this address; retry later"),
                    Map.of("Retry-After", Long.toString(retryAfter)));
        }
    }
}
