package dev.tollgate.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The management listener: {@code /metrics}, {@code /health/live}, and {@code /health/ready} (ready once the issuer's keys are loaded). */
final class ManagementHandler extends Handler.Abstract {
    private final GatewayMetrics metrics;
    private final BooleanSupplier keysLoaded;

    ManagementHandler(GatewayMetrics metrics, BooleanSupplier keysLoaded) {
        this.metrics = metrics;
        this.keysLoaded = keysLoaded;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            Answers.error(response, callback, 405, "method_not_allowed", "the management listener answers GET only");
            return true;
        }
        switch (path == null ? "" : path) {
            case "/metrics" -> Answers.send(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
            case "/health/live" -> Answers.json(response, callback, 200, Map.of("status", "UP"));
            case "/health/ready" -> {
                boolean keys = keysLoaded.getAsBoolean();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", keys ? "UP" : "DOWN");
                body.put("signing_keys", keys ? "UP" : "DOWN");
                Answers.json(response, callback, keys ? 200 : 503, body);
            }
            default -> Answers.error(response, callback, 404, "not_found", "no such management endpoint");
        }
        return true;
    }
}
