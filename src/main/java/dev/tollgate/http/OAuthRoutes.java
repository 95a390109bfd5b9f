package dev.tollgate.http;

import dev.tollgate.identity.IpRateLimit;
import dev.tollgate.oauth.Introspection;
import dev.tollgate.oauth.OAuthException;
import dev.tollgate.oauth.OAuthError;
import dev.tollgate.oauth.Revocation;
import dev.tollgate.oauth.TokenEndpoint;
import dev.tollgate.oauth.TokenRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The client-authenticated POST endpoints: token (with the per-address rate limit), revocation,
 * introspection. IO only.
 */
public final class OAuthRoutes implements RouteGroup {
    /** Auth0's name for it, and ours. */
    static final List<String> FORWARDED_USER_IP = List.of("Tollgate-Forwarded-For", "auth0-forwarded-for");

    private final TokenEndpoint tokens;
    private final Revocation revocation;
    private final Introspection introspection;
    private final boolean includeIssuedAt;
    private final IpRateLimit ipRateLimit;

    public OAuthRoutes(TokenEndpoint tokens, Revocation revocation, Introspection introspection,
            boolean includeIssuedAt, IpRateLimit ipRateLimit) {
        this.tokens = tokens;
        this.revocation = revocation;
        this.introspection = introspection;
        this.includeIssuedAt = includeIssuedAt;
        this.ipRateLimit = ipRateLimit;
    }

    @Override
    public List<String> paths() {
        List<String> paths = new ArrayList<>(Paths.TOKEN);
        paths.add(Paths.REVOCATION);
        paths.add(Paths.INTROSPECTION);
        return paths;
    }

    @Override
    public void register(RoutesConfig routes) {
        for (String path : Paths.TOKEN) {
            routes.before(path, this::throttle);
            Methods.postOnly(routes, path, this::token);
        }
        Methods.postOnly(routes, Paths.REVOCATION, this::revoke);
        Methods.postOnly(routes, Paths.INTROSPECTION, this::introspect);
    }

    /**
     * Spends one request of the client address's bucket before the body is even read; the token
     * endpoint moves it to the authenticated client's bucket (see {@link dev.tollgate.oauth.RequestOrigin}).
     */
    private void throttle(Context ctx) {
        long retryAfter = ipRateLimit.acquire(
                IpRateLimit.key(null, ctx.<InetAddress>attribute(HttpServer.CLIENT_ADDRESS).getHostAddress()));
        if (retryAfter > 0) {
            throw new OAuthException(OAuthError.tooManyRequests("too many requests from this address; retry later"),
                    Map.of("Retry-After", Long.toString(retryAfter)));
        }
    }

    private void token(Context ctx) {
        Responses.json(ctx, 200, tokens.handle(request(ctx)).toJson(includeIssuedAt));
    }

    /** RFC 7009 section 2.2: 200 whether or not the token was known. */
    private void revoke(Context ctx) {
        revocation.revoke(request(ctx));
        ctx.status(200);
    }

    private void introspect(Context ctx) {
        Responses.json(ctx, 200, introspection.introspect(request(ctx)));
    }

    private static TokenRequest request(Context ctx) {
        Responses.noStore(ctx);
        rejectQueryParameters(ctx);
        return new TokenRequest(RequestParameters.read(ctx), ctx.header("Authorization"),
                ctx.<InetAddress>attribute(HttpServer.CLIENT_ADDRESS).getHostAddress(), forwardedUserIp(ctx));
    }

    /** The end user's address a backend client may forward, in the first of these headers it sends. */
    private static TokenRequest.ForwardedUserIp forwardedUserIp(Context ctx) {
        for (String header : FORWARDED_USER_IP) {
            String value = ctx.header(header);
            if (value != null) {
                InetAddress address = ClientAddress.parse(value.trim());
                return new TokenRequest.ForwardedUserIp(header, address == null ? null : address.getHostAddress());
            }
        }
        return null;
    }

    /** Credentials must never travel in a URL, where logs and histories keep them (RFC 6749 section 3.2). */
    private static void rejectQueryParameters(Context ctx) {
        String query = ctx.queryString();
        if (query != null && !query.isEmpty()) {
            throw OAuthError.invalidRequest("parameters must be sent in the request body, not the query string")
                    .exception();
        }
    }
}
