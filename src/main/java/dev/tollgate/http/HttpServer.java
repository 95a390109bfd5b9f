package dev.tollgate.http;

import com.nimbusds.jose.jwk.JWKSet;
import dev.tollgate.config.Config;
import dev.tollgate.identity.HashPool;
import dev.tollgate.oauth.Introspection;
import dev.tollgate.observe.Metrics;
import dev.tollgate.identity.IpRateLimit;
import dev.tollgate.oauth.OAuthError;
import dev.tollgate.oauth.OAuthException;
import dev.tollgate.oauth.Revocation;
import dev.tollgate.oauth.ServerMetadata;
import dev.tollgate.oauth.TokenEndpoint;
import dev.tollgate.oidc.ProviderMetadata;
import dev.tollgate.oidc.UserInfo;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The route table and the one place where exceptions become HTTP responses. */
public final class HttpServer {
    public static final List<String> TOKEN_PATHS = List.of("/oauth/token", "/token", "/oauth2/v1/token");
    public static final String REVOCATION_PATH = "/oauth/revoke";
    public static final String INTROSPECTION_PATH = "/oauth/introspect";
    public static final String JWKS_PATH = "/.well-known/jwks.json";
    public static final String METRICS_PATH = "/metrics";
    private static final String STARTED = "tollgate.started";
    private static final String CLIENT_ADDRESS = "tollgate.client-address";
    public static final String USERINFO_PATH = "/userinfo";
    public static final String OPENID_CONFIGURATION_PATH = "/.well-known/openid-configuration";
    public static final String METADATA_PATH = "/.well-known/oauth-authorization-server";
    private static final java.util.Set<String> KNOWN_PATHS = java.util.Set.of("/oauth/token", "/token",
            "/oauth2/v1/token", REVOCATION_PATH, INTROSPECTION_PATH, JWKS_PATH, METRICS_PATH, USERINFO_PATH,
            OPENID_CONFIGURATION_PATH, METADATA_PATH, "/health/live", "/health/ready");
    /** Request line and headers together; beyond it Jetty answers 431 (through {@link JettyErrors}). */
    static final int MAX_HEADER_BYTES = 8 * 1024;
    /** Javalin's own maximum of request threads, when they are not virtual. */
    private static final int DEFAULT_THREADS = 250;
    private static final int FREE_THREADS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final OAuthRoutes oauth;
    private final UserInfoRoutes userInfo;
    private final Supplier<ServerMetadata> metadata;
    private final Supplier<ProviderMetadata> providerMetadata;
    private final Supplier<JWKSet> jwks;
    private final BooleanSupplier databaseReachable;
    private final Metrics metrics;
    private final ClientAddress clientAddress;
    private final IpRateLimit ipRateLimit;

    /** What the routes serve. */
    public record Core(
            TokenEndpoint tokens,
            Revocation revocation,
            Introspection introspection,
            boolean includeIssuedAt,
            UserInfo userInfo,
            Supplier<ServerMetadata> metadata,
            Supplier<ProviderMetadata> providerMetadata,
            Supplier<JWKSet> jwks,
            BooleanSupplier databaseReachable,
            Metrics metrics,
            List<String> trustedProxies,
            IpRateLimit ipRateLimit) {}

    public HttpServer(Core core) {
        this.oauth = new OAuthRoutes(core.tokens(), core.revocation(), core.introspection(), core.includeIssuedAt());
        this.userInfo = new UserInfoRoutes(core.userInfo());
        this.metadata = core.metadata();
        this.providerMetadata = core.providerMetadata();
        this.jwks = core.jwks();
        this.databaseReachable = core.databaseReachable();
        this.metrics = core.metrics();
        this.clientAddress = new ClientAddress(core.trustedProxies());
        this.ipRateLimit = core.ipRateLimit();
    }

    /**
     * A server on host and port: HTTPS when {@code tls} has files, else plain HTTP.
     *
     * @param maxBlocked how many requests may at most be waiting for password hashing at once
     */
    public Javalin create(String host, int port, long shutdownTimeoutMillis, Config.Tls tls, int maxBlocked) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = host;
            config.jetty.port = port;
            config.concurrency.useVirtualThreads = Runtime.version().feature() >= 21;
            if (!config.concurrency.useVirtualThreads) {
                // Requests waiting for a hash each hold a platform thread: keep threads for everyone else.
                config.jetty.threadPool = new QueuedThreadPool(Math.max(DEFAULT_THREADS, maxBlocked + FREE_THREADS), 8,
                        60_000);
            }
            config.jetty.modifyServer(server -> {
                // on stop: refuse new connections, let requests in flight finish for up to the timeout
                server.setStopTimeout(shutdownTimeoutMillis);
                server.insertHandler(new GracefulHandler());
            });
            config.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
                http.setRequestHeaderSize(MAX_HEADER_BYTES);
            });
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
            if (tls.enabled()) {
                config.jetty.addConnector((server, http) ->
                        TlsConnector.create(server, http, host, port, Path.of(tls.cert()), Path.of(tls.key())));
            }
            config.routes.before(ctx -> {
                ctx.attribute(STARTED, System.nanoTime());
                ctx.header("X-Content-Type-Options", "nosniff");
                // the client's address is decided once, for the rate limit, the audit log and the grants
                InetAddress client = clientAddress.resolve(ctx.req().getRemoteAddr(),
                        Collections.list(ctx.req().getHeaders("X-Forwarded-For")));
                ctx.attribute(CLIENT_ADDRESS, client);
                ctx.attribute(OAuthRoutes.CLIENT_IP, client.getHostAddress());
            });
            config.routes.after(this::measure);
            config.routes.get(METRICS_PATH, ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            for (String path : TOKEN_PATHS) {
                config.routes.before(path, this::throttle);
                postOnly(config, path, oauth::token);
            }
            postOnly(config, REVOCATION_PATH, oauth::revoke);
            postOnly(config, INTROSPECTION_PATH, oauth::introspect);
            config.routes.get(USERINFO_PATH, userInfo::get);
            config.routes.post(USERINFO_PATH, userInfo::post);
            notAllowed(config, USERINFO_PATH, "GET, POST",
                    List.of(HandlerType.PUT, HandlerType.DELETE, HandlerType.PATCH));
            config.routes.get(METADATA_PATH,
                    ctx -> Responses.json(ctx, 200, metadata.get().toJson()));
            config.routes.get(OPENID_CONFIGURATION_PATH,
                    ctx -> Responses.json(ctx, 200, providerMetadata.get().toJson()));
            config.routes.get(JWKS_PATH, ctx -> Responses.json(ctx, 200, jwks.get().toJSONObject(true)));
            config.routes.get("/health/live", ctx -> Responses.json(ctx, 200, Map.of("status", "UP")));
            config.routes.get("/health/ready", this::ready);
            config.routes.error(404, ctx -> {
                Responses.noStore(ctx);
                Responses.json(ctx, 404, Map.of("error", "not_found"));
            });
            config.routes.exception(OAuthException.class, HttpServer::oauthError);
            config.routes.exception(BodyTooLarge.class, (e, ctx) -> {
                Responses.noStore(ctx);
                Responses.error(ctx, new OAuthError(413, "invalid_request", e.getMessage()));
            });
            config.routes.exception(HashPool.Overloaded.class, (e, ctx) -> unavailable(ctx, "server busy, retry"));
            config.routes.exception(JdbiException.class, (e, ctx) -> {
                LOG.warn("storage unavailable: {}", e.getClass().getSimpleName());
                unavailable(ctx, "storage unavailable, retry");
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                Responses.noStore(ctx);
                Responses.error(ctx, new OAuthError(500, "server_error", "unexpected error"));
            });
        });
    }

    /** Latency by route; any path we do not serve counts as "other", so scanners cannot flood the metrics. */
    private void measure(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null) {
            return;
        }
        String route = KNOWN_PATHS.contains(ctx.path()) ? ctx.path() : "other";
        metrics.request(ctx.method().name(), route, ctx.statusCode(), System.nanoTime() - started);
    }

    /** Spends one request of the client address's bucket before the body is even read. */
    private void throttle(Context ctx) {
        long retryAfter = ipRateLimit.acquire(ctx.<InetAddress>attribute(CLIENT_ADDRESS));
        if (retryAfter > 0) {
            throw new OAuthException(OAuthError.tooManyRequests("too many requests from this address; retry later"),
                    Map.of("Retry-After", Long.toString(retryAfter)));
        }
    }

    private static void oauthError(OAuthException e, Context ctx) {
        e.headers().forEach(ctx::header);
        Responses.noStore(ctx);
        Responses.error(ctx, e.error());
    }

    private static void unavailable(Context ctx, String description) {
        ctx.header("Retry-After", "1");
        Responses.noStore(ctx);
        Responses.error(ctx, OAuthError.temporarilyUnavailable(description));
    }

    private static void postOnly(io.javalin.config.JavalinConfig config, String path, io.javalin.http.Handler handler) {
        config.routes.post(path, handler);
        notAllowed(config, path, "POST",
                List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.PUT, HandlerType.DELETE, HandlerType.PATCH));
    }

    private static void notAllowed(io.javalin.config.JavalinConfig config, String path, String allow,
            List<HandlerType> methods) {
        String description = allow.contains(",")
                ? "this endpoint accepts only " + allow.replace(", ", " and ")
                : "this endpoint accepts only " + allow;
        for (HandlerType method : methods) {
            config.routes.addHttpHandler(method, path, ctx -> {
                ctx.header("Allow", allow);
                Responses.noStore(ctx);
                Responses.error(ctx, new OAuthError(405, "invalid_request", description));
            });
        }
    }

    private void ready(Context ctx) {
        boolean database = databaseReachable.getAsBoolean();
        boolean keys = !jwks.get().getKeys().isEmpty();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", database && keys ? "UP" : "DOWN");
        body.put("database", database ? "UP" : "DOWN");
        body.put("signing_keys", keys ? "UP" : "DOWN");
        Responses.json(ctx, database && keys ? 200 : 503, body);
    }
}
