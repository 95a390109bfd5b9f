package dev.tollgate.gateway;

import dev.tollgate.resource.BearerGuard;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Every request on the public listener: its route, its token against the route's requirements, the
 * client's rate limit, and only then the upstream. A refused request never reaches the proxy.
 */
final class GatewayHandler extends Handler.Wrapper {
    private final RouteTable routes;
    private final ClientRateLimit limits = new ClientRateLimit();
    private final GatewayMetrics metrics;

    GatewayHandler(RouteTable routes, UpstreamProxy proxy, GatewayMetrics metrics) {
        super(proxy);
        this.routes = routes;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getCanonicalPath();
        Optional<GatewayRoute> match = path == null ? Optional.empty() : routes.match(path, request.getMethod());
        if (match.isEmpty()) {
            metrics.request(GatewayMetrics.NO_ROUTE, "not_found");
            Answers.error(response, callback, 404, "not_found", "no route takes " + request.getMethod() + " " + path);
            return true;
        }
        GatewayRoute route = match.get();
        BearerGuard.Outcome outcome = route.guard().check(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (outcome instanceof BearerGuard.Refused refused) {
            metrics.request(route.name(), outcome(refused));
            refused.headers().forEach((name, value) -> response.getHeaders().put(name, value));
            Answers.send(response, callback, refused.status(), "application/json", refused.body());
            return true;
        }
        BearerGuard.Passed passed = (BearerGuard.Passed) outcome;
        String client = passed.token().clientId() != null ? passed.token().clientId() : passed.token().subject();
        long wait = limits.acquire(route, client);
        if (wait > 0) {
            metrics.request(route.name(), "rate_limited");
            response.getHeaders().put(HttpHeader.RETRY_AFTER, wait);
            Answers.error(response, callback, 429, "rate_limited",
                    "this client has used its requests per minute on this route");
            return true;
        }
        request.setAttribute(UpstreamProxy.ROUTE, route);
        request.setAttribute(UpstreamProxy.TOKEN, passed.token());
        return super.handle(request, response, callback);
    }

    private static String outcome(BearerGuard.Refused refused) {
        return switch (refused.status()) {
            case 401 -> refused.body().contains("\"invalid_token\"") ? "invalid_token" : "unauthorized";
            case 403 -> "insufficient_scope";
            case 503 -> "unavailable";
            default -> "bad_request";
        };
    }
}
