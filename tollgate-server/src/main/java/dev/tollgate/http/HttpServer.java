package dev.tollgate.http;

import dev.tollgate.Unavailable;
import dev.tollgate.config.Config;
import dev.tollgate.oauth.OAuthError;
import dev.tollgate.oauth.OAuthException;
import dev.tollgate.observe.Metrics;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: Jetty's settings, what every request gets (security headers, the client's
 * address, latency metrics), the route groups it is given, and the one place where exceptions
 * become HTTP responses.
 */
public final class HttpServer {
    /** The request attribute with the client's address, decided once per request. */
    static final String CLIENT_ADDRESS = "tollgate.client-address";
    private static final String STARTED = "tollgate.started";
    /** Request line and headers together; beyond it Jetty answers 431 (through {@link JettyErrors}). */
    static final int MAX_HEADER_BYTES = 8 * 1024;
    /** Javalin's own maximum of request threads, when they are not virtual. */
    private static final int DEFAULT_THREADS = 250;
    private static final int FREE_THREADS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final List<RouteGroup> groups;
    private final Set<String> knownPaths = new HashSet<>();
    private final Metrics metrics;
    private final ClientAddress clientAddress;

    /** Where and how to listen. {@code maxBlocked}: how many requests may at most wait for password hashing at once. */
    public record Listen(String host, int port, long shutdownTimeoutMillis, Config.Tls tls, int maxBlocked) {}

    public HttpServer(List<RouteGroup> groups, Metrics metrics, List<String> trustedProxies) {
        this.groups = List.copyOf(groups);
        groups.forEach(group -> knownPaths.addAll(group.paths()));
        this.metrics = metrics;
        this.clientAddress = new ClientAddress(trustedProxies);
    }

    /** A server on host and port: HTTPS when {@code tls} has files, else plain HTTP. Not started. */
    public Javalin create(Listen listen) {
        return Javalin.create(config -> {
            jetty(config, listen);
            config.routes.before(this::prepare);
            config.routes.after(this::measure);
            groups.forEach(group -> group.register(config.routes));
            errors(config.routes);
        });
    }

    private static void jetty(JavalinConfig config, Listen listen) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.jetty.host = listen.host();
        config.jetty.port = listen.port();
        config.concurrency.useVirtualThreads = Runtime.version().feature() >= 21;
        if (!config.concurrency.useVirtualThreads) {
            // Requests waiting for a hash each hold a platform thread: keep threads for everyone else.
            config.jetty.threadPool = new QueuedThreadPool(
                    Math.max(DEFAULT_THREADS, listen.maxBlocked() + FREE_THREADS), 8, 60_000);
        }
        config.jetty.modifyServer(server -> {
            // on stop: refuse new connections, let requests in flight finish for up to the timeout
            server.setStopTimeout(listen.shutdownTimeoutMillis());
            server.insertHandler(new GracefulHandler());
            server.setErrorHandler(new JettyErrors());
        });
        config.jetty.modifyHttpConfiguration(http -> {
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
            http.setRequestHeaderSize(MAX_HEADER_BYTES);
        });
        if (listen.tls().enabled()) {
            config.jetty.addConnector((server, http) -> TlsConnector.create(server, http, listen.host(), listen.port(),
                    Path.of(listen.tls().cert()), Path.of(listen.tls().key())));
        }
    }

    private void prepare(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
        ctx.header("X-Content-Type-Options", "nosniff");
        // the client's address is decided once, for the rate limit, the audit log and the grants
        InetAddress client = clientAddress.resolve(ctx.req().getRemoteAddr(),
                Collections.list(ctx.req().getHeaders("X-Forwarded-For")));
        ctx.attribute(CLIENT_ADDRESS, client);
    }

    /** The client's address as decided for this request (the trusted proxies' forwarding applied). */
    public static InetAddress clientAddress(Context ctx) {
        return ctx.attribute(CLIENT_ADDRESS);
    }

    private static void errors(RoutesConfig routes) {
        routes.error(404, ctx -> {
            String type = ctx.res().getContentType();
            if (type != null && (type.startsWith("application/problem+json") || type.startsWith("text/html"))) {
                return; // the admin API answered 404 with a problem of its own, the console with a page
            }
            Responses.noStore(ctx);
            Responses.json(ctx, 404, Map.of("error", "not_found"));
        });
        routes.exception(OAuthException.class, (e, ctx) -> {
            e.headers().forEach(ctx::header);
            Responses.noStore(ctx);
            Responses.error(ctx, e.error());
        });
        routes.exception(BodyTooLarge.class, (e, ctx) -> {
            Responses.noStore(ctx);
            Responses.error(ctx, new OAuthError(413, "invalid_request", e.getMessage()));
        });
        routes.exception(Unavailable.class, (e, ctx) -> {
            if (e.getCause() != null) {
                // a busy hashing queue is expected under load; a dependency failing is worth a line
                LOG.warn("{}: {}", e.description(), e.getCause().getClass().getSimpleName());
            }
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            Responses.noStore(ctx);
            Responses.error(ctx, OAuthError.temporarilyUnavailable(e.description()));
        });
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            Responses.noStore(ctx);
            Responses.error(ctx, new OAuthError(500, "server_error", "unexpected error"));
        });
    }

    /** Latency by route; any path we do not serve counts as "other", so scanners cannot flood the metrics. */
    private void measure(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null) {
            return;
        }
        String route = knownPaths.contains(ctx.path()) ? ctx.path() : "other";
        metrics.request(ctx.method().name(), route, ctx.statusCode(), System.nanoTime() - started);
    }
}
