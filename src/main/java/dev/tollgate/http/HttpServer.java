package dev.tollgate.http;

import com.nimbusds.jose.jwk.JWKSet;
import dev.tollgate.config.Config;
import dev.tollgate.identity.HashPool;
import dev.tollgate.identity.IpRateLimit;
import dev.tollgate.oauth.OAuthError;
import dev.tollgate.oauth.OAuthException;
import dev.tollgate.oauth.ServerMetadata;
import dev.tollgate.oauth.TokenEndpoint;
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
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The route table and the one place where exceptions become HTTP responses. */
public final class HttpServer {
    public static final List<String> TOKEN_PATHS = List.of("/oauth/token", "/token", "/oauth2/v1/token");
    public static final String JWKS_PATH = "/.well-known/jwks.json";
    /** Request line and headers together; beyond it Jetty answers 431 (through {@link JettyErrors}). */
    static final int MAX_HEADER_BYTES = 8 * 1024;
    /** Javalin's own maximum of request threads, when they are not virtual. */
    private static final int DEFAULT_THREADS = 250;
    private static final int FREE_THREADS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final TokenRoute token;
    private final Supplier<ServerMetadata> metadata;
    private final Supplier<JWKSet> jwks;
    private final BooleanSupplier databaseReachable;
    private final ClientAddress clientAddress;
    private final IpRateLimit ipRateLimit;

    public HttpServer(TokenEndpoint tokenEndpoint, boolean includeIssuedAt, Supplier<ServerMetadata> metadata,
            Supplier<JWKSet> jwks, BooleanSupplier databaseReachable, List<String> trustedProxies,
            IpRateLimit ipRateLimit) {
        this.token = new TokenRoute(tokenEndpoint, includeIssuedAt);
        this.metadata = metadata;
        this.jwks = jwks;
        this.databaseReachable = databaseReachable;
        this.clientAddress = new ClientAddress(trustedProxies);
        this.ipRateLimit = ipRateLimit;
    }

    /**
     * A server on host and port: HTTPS when {@code tls} has files, else plain HTTP.
     *
     * @param maxBlocked how many requests may at most be waiting for password hashing at once
     */
    public Javalin create(String host, int port, Config.Tls tls, int maxBlocked) {
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
            config.routes.before(ctx -> ctx.header("X-Content-Type-Options", "nosniff"));
            for (String path : TOKEN_PATHS) {
                config.routes.before(path, this::throttle);
                config.routes.post(path, token::handle);
                for (HandlerType method : List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.PUT,
                        HandlerType.DELETE, HandlerType.PATCH)) {
                    config.routes.addHttpHandler(method, path, HttpServer::postOnly);
                }
            }
            config.routes.get("/.well-known/oauth-authorization-server",
                    ctx -> Responses.json(ctx, 200, metadata.get().toJson()));
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

    /**
     * Decides the client's address once, for the rate limit, the audit log and the grant, and spends
     * one request of its bucket before the body is even read.
     */
    private void throttle(Context ctx) {
        InetAddress client = clientAddress.resolve(ctx.req().getRemoteAddr(),
                Collections.list(ctx.req().getHeaders("X-Forwarded-For")));
        ctx.attribute(TokenRoute.CLIENT_IP, client.getHostAddress());
        long retryAfter = ipRateLimit.acquire(client);
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

    private static void postOnly(Context ctx) {
        ctx.header("Allow", "POST");
        Responses.noStore(ctx);
        Responses.error(ctx, new OAuthError(405, "invalid_request", "the token endpoint accepts only POST"));
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
