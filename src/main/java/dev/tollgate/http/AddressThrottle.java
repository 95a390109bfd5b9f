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
        long retryAfter = limit.acquire(
                IpRateLimit.key(null, ctx.<InetAddress>attribute(HttpServer.CLIENT_ADDRESS).getHostAddress()));
        if (retryAfter > 0) {
            throw new OAuthException(OAuthError.tooManyRequests("too many requests from this address; retry later"),
                    Map.of("Retry-After", Long.toString(retryAfter)));
        }
    }
}
