package dev.tollgate.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * The gateway's own Prometheus metrics: {@code tollgate_gateway_requests_total} by route and
 * outcome, and {@code tollgate_gateway_upstream_seconds} by route (the time from sending a request
 * upstream to the end of its response).
 */
final class GatewayMetrics {
    /** The route label of requests no route took. */
    static final String NO_ROUTE = "none";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    GatewayMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
    }

    /** Outcomes: proxied, unauthorized, invalid_token, insufficient_scope, rate_limited, not_found, bad_gateway, gateway_timeout, unavailable. */
    void request(String route, String outcome) {
        Counter.builder("tollgate.gateway.requests").description("Requests by route and outcome")
                .tag("route", route).tag("outcome", outcome).register(registry).increment();
    }

    void upstream(String route, long nanos) {
        Timer.builder("tollgate.gateway.upstream").description("Upstream latency, request sent to response complete")
                .tag("route", route).publishPercentileHistogram(false).register(registry).record(Duration.ofNanos(nanos));
    }

    String scrape() {
        return registry.scrape();
    }
}
