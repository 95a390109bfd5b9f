package dev.tollgate.http;

import dev.tollgate.oauth.BearerChallenge;
import dev.tollgate.oauth.OAuthException;
import dev.tollgate.oidc.UserInfo;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * GET and POST {@code /userinfo}, behind the per-address rate limit: finds the Bearer access token
 * (RFC 6750 section 2) and returns the claims. IO only.
 */
public final class UserInfoRoutes implements RouteGroup {
    private final UserInfo userInfo;
    private final AddressThrottle throttle;

    public UserInfoRoutes(UserInfo userInfo, AddressThrottle throttle) {
        this.userInfo = userInfo;
        this.throttle = throttle;
    }

    @Override
    public List<String> paths() {
        return List.of(Paths.USERINFO);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.before(Paths.USERINFO, throttle);
        routes.get(Paths.USERINFO, this::get);
        routes.post(Paths.USERINFO, this::post);
        Methods.notAllowed(routes, Paths.USERINFO, "GET, POST",
                List.of(HandlerType.PUT, HandlerType.DELETE, HandlerType.PATCH));
    }

    private void get(Context ctx) {
        respond(ctx, token(ctx, null));
    }

    /** Section 2.2 allows the token as the {@code access_token} form parameter (the Nimbus SDK sends it so). */
    private void post(Context ctx) {
        respond(ctx, token(ctx, formToken(ctx)));
    }

    private void respond(Context ctx, String token) {
        Responses.noStore(ctx);
        Responses.json(ctx, 200, userInfo.claims(token));
    }

    /** The one token the request carries; section 2 forbids sending it more than one way. */
    private static String token(Context ctx, String fromForm) {
        rejectQueryToken(ctx);
        String fromHeader = BearerHeader.token(ctx.header("Authorization"));
        if (fromHeader != null && fromForm != null) {
            throw BearerChallenge.invalidRequest("send the access token once: in the Authorization header or the body");
        }
        String token = fromHeader != null ? fromHeader : fromForm;
        if (token == null) {
            throw BearerChallenge.missingToken();
        }
        return token;
    }

    private static String formToken(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type == null || !type.trim().toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return null;
        }
        try {
            return RequestParameters.read(ctx).get("access_token");
        } catch (OAuthException e) {
            throw BearerChallenge.invalidRequest(e.error().description());
        }
    }

    /**
     * Section 2.3 allows the token in the query string, but URLs end up in logs, histories and
     * Referer headers (section 5.3): refused, whatever else the request carries.
     */
    private static void rejectQueryToken(Context ctx) {
        String query = ctx.queryString();
        if (query == null || query.isEmpty()) {
            return;
        }
        for (String pair : query.split("&")) {
            String name = pair.split("=", 2)[0];
            try {
                name = URLDecoder.decode(name, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw BearerChallenge.invalidRequest("malformed query string");
            }
            if (name.equals("access_token")) {
                throw BearerChallenge.invalidRequest(
                        "access tokens are not accepted in the query string; send Authorization: Bearer <token>");
            }
        }
    }
}
