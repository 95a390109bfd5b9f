package dev.tollgate.http;

import dev.tollgate.oauth.Introspection;
import dev.tollgate.oauth.OAuthError;
import dev.tollgate.oauth.Revocation;
import dev.tollgate.oauth.TokenEndpoint;
import dev.tollgate.oauth.TokenRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The client-authenticated POST endpoints: token, revocation, introspection, each behind the
 * per-address rate limit (a wrong client secret costs a hash at any of them). IO only.
 */
public final class OAuthRoutes implements RouteGroup {
    /** Auth0's name for it, and ours. */
    static final List<String> FORWARDED_USER_IP = List.of("Tollgate-Forwarded-For", "auth0-forwarded-for");

    private final TokenEndpoint tokens;
    private final Revocation revocation;
    private final Introspection introspection;
    private final boolean includeIssuedAt;
    private final AddressThrottle throttle;

    public OAuthRoutes(TokenEndpoint tokens, Revocation revocation, Introspection introspection,
            boolean includeIssuedAt, AddressThrottle throttle) {
        this.tokens = tokens;
        this.revocation = revocation;
        this.introspection = introspection;
        this.includeIssuedAt = includeIssuedAt;
        this.throttle = throttle;
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
        for (String path : paths()) {
            routes.before(path, throttle);
        }
        for (String path : Paths.TOKEN) {
            Methods.postOnly(routes, path, this::token);
        }
        Methods.postOnly(routes, Paths.REVOCATION, this::revoke);
        Methods.postOnly(routes, Paths.INTROSPECTION, this::introspect);
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
