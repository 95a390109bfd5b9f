package dev.tollgate.http;

import io.javalin.config.RoutesConfig;
import java.util.List;
import java.util.function.Supplier;

/** The Prometheus metrics, for the management listener alone: their labels name the clients. */
public final class MetricsRoutes implements RouteGroup {
    private final Supplier<String> metrics;

    public MetricsRoutes(Supplier<String> metrics) {
        this.metrics = metrics;
    }

    @Override
    public List<String> paths() {
        return List.of(Paths.METRICS);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(Paths.METRICS, ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.get()));
    }
}
