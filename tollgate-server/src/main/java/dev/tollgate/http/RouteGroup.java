package dev.tollgate.http;

import io.javalin.config.RoutesConfig;
import java.util.List;

/** A set of endpoints that registers its own routes; {@link HttpServer} adds each group it is given. */
public interface RouteGroup {
    /** The paths it serves, as they appear in the request metrics' {@code route} label. */
    List<String> paths();

    void register(RoutesConfig routes);
}
