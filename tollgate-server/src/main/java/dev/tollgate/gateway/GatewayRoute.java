package dev.tollgate.gateway;

import dev.tollgate.resource.BearerGuard;
import dev.tollgate.resource.Requirement;
import dev.tollgate.resource.TokenVerifier;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

/** A configured route ready to serve: its guard (token, audience, scopes), its limit and where it sends requests. */
final class GatewayRoute {
    private final GatewayConfig.Route config;
    private final String prefix;
    private final URI upstream;
    private final BearerGuard guard;
    private final Set<String> methods;
    private final long timeoutMs;

    GatewayRoute(GatewayConfig.Route config, TokenVerifier verifier, String realm, long defaultTimeoutMs) {
        this.config = config;
        this.prefix = GatewayConfigLoader.normalised(config.pathPrefix());
        String base = config.upstream();
        this.upstream = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.guard = new BearerGuard(verifier, new Requirement(config.audience(), new LinkedHashSet<>(config.scopes())),
                realm, config.checkRevocation());
        this.methods = Set.copyOf(config.methods());
        this.timeoutMs = config.upstreamTimeoutMs() != null ? config.upstreamTimeoutMs() : defaultTimeoutMs;
    }

    String prefix() {
        return prefix;
    }

    /** The label of this route in the metrics. */
    String name() {
        return config.pathPrefix();
    }

    boolean allows(String method) {
        return methods.isEmpty() || methods.contains(method);
    }

    BearerGuard guard() {
        return guard;
    }

    Integer requestsPerMinute() {
        return config.requestsPerMinute();
    }

    boolean forwardToken() {
        return config.forwardToken();
    }

    long timeoutMs() {
        return timeoutMs;
    }

    /** The upstream's URI for a request's raw path and query. */
    String target(String rawPath, String rawQuery) {
        String path = rawPath;
        if (config.stripPrefix() && !prefix.equals("/")) {
            path = rawPath.substring(prefix.length());
            if (path.isEmpty()) {
                path = "/";
            }
        }
        String base = upstream.toString();
        return base + path + (rawQuery == null ? "" : "?" + rawQuery);
    }
}
