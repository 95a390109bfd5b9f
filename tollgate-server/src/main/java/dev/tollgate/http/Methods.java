package dev.tollgate.http;

import dev.tollgate.oauth.OAuthError;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;

/** Routes that accept some methods and answer the others 405 with an {@code Allow} header. */
final class Methods {
    private Methods() {}

    static void postOnly(RoutesConfig routes, String path, Handler handler) {
        routes.post(path, handler);
        notAllowed(routes, path, "POST",
                List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.PUT, HandlerType.DELETE, HandlerType.PATCH));
    }

    static void notAllowed(RoutesConfig routes, String path, String allow, List<HandlerType> methods) {
        String description = "this endpoint accepts only " + allow.replace(", ", " and ");
        for (HandlerType method : methods) {
            routes.addHttpHandler(method, path, ctx -> {
                ctx.header("Allow", allow);
                Responses.noStore(ctx);
                Responses.error(ctx, new OAuthError(405, "invalid_request", description));
            });
        }
    }
}
