package dev.tollgate.gateway;

import dev.tollgate.config.Config;
import java.util.List;

/**
 * The gateway's configuration file: one {@code [gateway]} table with its routes. Keys a table does
 * not list are refused by name, as in the server's file.
 *
 * @param issuer the Tollgate whose tokens are accepted; its metadata gives the JWKS and introspection
 * @param clientId the client that introspects opaque tokens (needs {@code can_introspect})
 * @param upstreamTimeoutMs how long an upstream may take to answer before the gateway answers 504;
 *     a route may set its own
 * @param realm the {@code realm} of every {@code WWW-Authenticate} challenge
 * @param jwtCacheSize how many verified JWTs are kept (for a minute at most, never past their
 *     {@code exp}) so that a token seen again is not verified again; 0 verifies every request
 */
public record GatewayConfig(String host, Integer port, String issuer, String clientId, String clientSecret,
        Integer introspectionCacheSeconds, Integer upstreamTimeoutMs, String realm, Config.Tls tls, Management metrics,
        List<Route> routes, Integer jwtCacheSize) {
    public GatewayConfig {
        host = host == null ? "127.0.0.1" : host;
        port = port == null ? 8443 : port;
        introspectionCacheSeconds = introspectionCacheSeconds == null ? 30 : introspectionCacheSeconds;
        upstreamTimeoutMs = upstreamTimeoutMs == null ? 30_000 : upstreamTimeoutMs;
        realm = realm == null ? "tollgate" : realm;
        tls = tls == null ? new Config.Tls("", "") : new Config.Tls(tls.cert() == null ? "" : tls.cert(),
                tls.key() == null ? "" : tls.key());
        metrics = metrics == null ? new Management(null, null) : metrics;
        routes = routes == null ? List.of() : List.copyOf(routes);
        jwtCacheSize = jwtCacheSize == null ? 10_000 : jwtCacheSize;
    }

    GatewayConfig withClientSecret(String secret) {
        return new GatewayConfig(host, port, issuer, clientId, secret, introspectionCacheSeconds, upstreamTimeoutMs, realm,
                tls, metrics, routes, jwtCacheSize);
    }

    GatewayConfig withPorts(int publicPort, int managementPort) {
        return new GatewayConfig(host, publicPort, issuer, clientId, clientSecret, introspectionCacheSeconds,
                upstreamTimeoutMs, realm, tls, new Management(metrics.host(), managementPort), routes, jwtCacheSize);
    }

    /** The management listener: {@code /metrics}, {@code /health/live}, {@code /health/ready}. */
    public record Management(String host, Integer port) {
        public Management {
            host = host == null ? "127.0.0.1" : host;
            port = port == null ? 9091 : port;
        }
    }

    /**
     * One protected path.
     *
     * @param methods the HTTP methods it takes; empty: all
     * @param audience a value the token's {@code aud} must contain; null: any
     * @param scopes scopes the token must all hold
     * @param stripPrefix whether the upstream sees the path without {@code path_prefix}
     * @param requestsPerMinute the limit per client on this route; null: none
     * @param checkRevocation whether JWTs are also introspected (cached), so that a revoked one is refused
     * @param forwardToken whether the upstream receives the caller's {@code Authorization} header
     */
    public record Route(String pathPrefix, List<String> methods, String upstream, String audience, List<String> scopes,
            Boolean stripPrefix, Integer requestsPerMinute, Boolean checkRevocation, Boolean forwardToken,
            Integer upstreamTimeoutMs) {
        public Route {
            methods = methods == null ? List.of() : List.copyOf(methods);
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
            stripPrefix = stripPrefix != null && stripPrefix;
            checkRevocation = checkRevocation != null && checkRevocation;
            forwardToken = forwardToken != null && forwardToken;
        }
    }
}
