package dev.tollgate.gateway;

import dev.tollgate.resource.VerifiedToken;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's reverse proxy, told by {@link GatewayHandler} which route a request took and whose token
 * it carries. Jetty streams the body both ways and drops hop-by-hop headers; this class decides
 * what the upstream is told about the caller: the identity headers (any the caller sent are
 * removed first), {@code X-Forwarded-*}, and the {@code Authorization} header only when the route
 * forwards it. It also turns upstream failures into JSON: 502 when the upstream cannot be reached,
 * 504 when it does not answer within the route's timeout.
 */
final class UpstreamProxy extends ProxyHandler {
    static final String ROUTE = "tollgate.gateway.route";
    static final String TOKEN = "tollgate.gateway.token";
    private static final String STARTED = "tollgate.gateway.started";
    private static final String IDENTITY_PREFIX = "x-tollgate-";
    private static final List<String> FORWARDED = List.of("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host");

    private final GatewayMetrics metrics;

    UpstreamProxy(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected HttpClient newHttpClient() {
        HttpClient client = new HttpClient();
        client.setFollowRedirects(false);
        client.setMaxConnectionsPerDestination(256);
        // the client's own User-Agent would replace the caller's
        client.setUserAgentField(null);
        return client;
    }

    @Override
    protected HttpURI rewriteHttpURI(Request request) {
        GatewayRoute route = (GatewayRoute) request.getAttribute(ROUTE);
        HttpURI uri = request.getHttpURI();
        String path = org.eclipse.jetty.util.URIUtil.encodePath(uri.getCanonicalPath());
        return HttpURI.from(route.target(path, uri.getQuery()));
    }

    @Override
    protected org.eclipse.jetty.client.Request newProxyToServerRequest(Request request, HttpURI target) {
        GatewayRoute route = (GatewayRoute) request.getAttribute(ROUTE);
        return super.newProxyToServerRequest(request, target).timeout(route.timeoutMs(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void copyRequestHeaders(Request request, org.eclipse.jetty.client.Request upstream) {
        super.copyRequestHeaders(request, upstream);
        GatewayRoute route = (GatewayRoute) request.getAttribute(ROUTE);
        VerifiedToken token = (VerifiedToken) request.getAttribute(TOKEN);
        upstream.headers(headers -> {
            List<String> spoofed = headers.stream().map(HttpField::getName)
                    .filter(name -> name.toLowerCase(Locale.ROOT).startsWith(IDENTITY_PREFIX)).distinct().toList();
            spoofed.forEach(headers::remove);
            FORWARDED.forEach(headers::remove);
            if (!route.forwardToken()) {
                headers.remove(HttpHeader.AUTHORIZATION);
            }
            headers.put("X-Tollgate-Subject", token.subject());
            if (token.clientId() != null) {
                headers.put("X-Tollgate-Client-Id", token.clientId());
            }
            headers.put("X-Tollgate-Scope", String.join(" ", new java.util.TreeSet<>(token.scopes())));
            if (token.username() != null) {
                headers.put("X-Tollgate-Username", token.username());
            }
        });
    }

    @Override
    protected void addProxyHeaders(Request request, org.eclipse.jetty.client.Request upstream) {
        super.addProxyHeaders(request, upstream);
        String host = request.getHeaders().get(HttpHeader.HOST);
        // the gateway is where callers enter, so what they claim about earlier hops is not repeated
        upstream.headers(headers -> {
            headers.put("X-Forwarded-For", Request.getRemoteAddr(request));
            headers.put("X-Forwarded-Proto", request.isSecure() ? "https" : "http");
            if (host != null) {
                headers.put("X-Forwarded-Host", host);
            }
        });
    }

    @Override
    protected void sendProxyToServerRequest(Request request, org.eclipse.jetty.client.Request upstream,
            Response response, Callback callback) {
        request.setAttribute(STARTED, System.nanoTime());
        super.sendProxyToServerRequest(request, upstream, response, callback);
    }

    @Override
    protected void onProxyToClientResponseComplete(Request request, org.eclipse.jetty.client.Request upstream,
            org.eclipse.jetty.client.Response upstreamResponse, Response response, Callback callback) {
        record(request, "proxied");
        super.onProxyToClientResponseComplete(request, upstream, upstreamResponse, response, callback);
    }

    @Override
    protected void onServerToProxyResponseFailure(Request request, org.eclipse.jetty.client.Request upstream,
            org.eclipse.jetty.client.Response upstreamResponse, Response response, Callback callback, Throwable failure) {
        boolean timeout = failure instanceof TimeoutException;
        record(request, timeout ? "gateway_timeout" : "bad_gateway");
        if (response.isCommitted()) {
            super.onServerToProxyResponseFailure(request, upstream, upstreamResponse, response, callback, failure);
            return;
        }
        response.reset();
        if (timeout) {
            Answers.error(response, callback, 504, "upstream_timeout", "the upstream did not answer in time");
        } else {
            Answers.error(response, callback, 502, "upstream_unavailable", "the upstream could not be reached");
        }
    }

    private void record(Request request, String outcome) {
        GatewayRoute route = (GatewayRoute) request.getAttribute(ROUTE);
        Object started = request.getAttribute(STARTED);
        if (started instanceof Long start) {
            metrics.upstream(route.name(), System.nanoTime() - start);
        }
        metrics.request(route.name(), outcome);
    }
}
