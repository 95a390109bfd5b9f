package dev.tollgate.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Liveness and readiness (storage reachable, signing keys loaded). */
public final class HealthRoutes implements RouteGroup {
    private final BooleanSupplier storageReachable;
    private final BooleanSupplier keysLoaded;

    public HealthRoutes(BooleanSupplier storageReachable, BooleanSupplier keysLoaded) {
        this.storageReachable = storageReachable;
        this.keysLoaded = keysLoaded;
    }

    @Override
    public List<String> paths() {
        return List.of(Paths.LIVE, Paths.READY);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(Paths.LIVE, ctx -> Responses.json(ctx, 200, Map.of("status", "UP")));
        routes.get(Paths.READY, this::ready);
    }

    private void ready(Context ctx) {
        boolean database = storageReachable.getAsBoolean();
        boolean keys = keysLoaded.getAsBoolean();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", database && keys ? "UP" : "DOWN");
        body.put("database", database ? "UP" : "DOWN");
        body.put("signing_keys", keys ? "UP" : "DOWN");
        Responses.json(ctx, database && keys ? 200 : 503, body);
    }
}
