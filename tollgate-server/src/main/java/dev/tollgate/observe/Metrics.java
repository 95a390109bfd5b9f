package dev.tollgate.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The server's metrics in Prometheus form: tokens issued by grant and client, token endpoint
 * failures by error, password hashing (queue depth, runs, time), request latency, the database
 * pool (HikariCP registers its own) and the JVM.
 */
public final class Metrics implements TokenEvents {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** What the password hashing pool tells about itself. */
    public interface Hashing {
        int queued();

        long runs();

        long totalNanos();

        long rejected();
    }

    /** What the brute-force guard tells about itself. */
    public interface Lockouts {
        long lockouts();
    }

    public void watch(Hashing pool) {
        Gauge.builder("tollgate.hash.queue", pool, Hashing::queued)
                .description("password hashes waiting for a hashing thread")
                .register(registry);
        FunctionTimer.builder("tollgate.hash", pool, Hashing::runs, Hashing::totalNanos, TimeUnit.NANOSECONDS)
                .description("password and secret hashes computed, and the time they took")
                .register(registry);
        FunctionCounter.builder("tollgate.hash.rejected", pool, Hashing::rejected)
                .description("hashes turned away because the queue was full (answered 503)")
                .register(registry);
    }

    /** What a user directory tells about itself. */
    public interface DirectoryState {
        String name();

        /** 1 when its last operation reached it, 0 when it could not; NaN before the first. */
        double up();
    }

    public void watch(DirectoryState directory) {
        Gauge.builder("tollgate.directory.up", directory, DirectoryState::up)
                .description("whether the user directory answered its last request (1) or could not be reached (0)")
                .tag("directory", directory.name())
                .register(registry);
    }

    public void watch(Lockouts guard) {
        FunctionCounter.builder("tollgate.lockouts", guard, Lockouts::lockouts)
                .description("usernames locked after too many failed logins")
                .register(registry);
    }

    @Override
    public void issued(String grantType, String clientId) {
        Counter.builder("tollgate.tokens.issued")
                .description("token responses by grant type and client")
                .tag("grant_type", grantType)
                .tag("client_id", clientId)
                .register(registry)
                .increment();
    }

    @Override
    public void failed(String grantType, String error) {
        Counter.builder("tollgate.token.errors")
                .description("token endpoint errors by grant type and error code")
                .tag("grant_type", grantType == null ? "none" : grantType)
                .tag("error", error)
                .register(registry)
                .increment();
    }

    /** Records a finished HTTP request; {@code route} is the route's path, never the raw URL. */
    public void request(String method, String route, int status, long nanos) {
        Timer.builder("http.server.requests")
                .description("HTTP requests by route, method and status")
                .tag("method", method)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public String scrape() {
        return registry.scrape();
    }
}
