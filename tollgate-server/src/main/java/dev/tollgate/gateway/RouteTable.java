package dev.tollgate.gateway;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses a request's route: the longest {@code path_prefix} that the path falls under and whose
 * methods include the request's. A prefix matches whole segments only: {@code /orders} takes
 * {@code /orders} and {@code /orders/7}, never {@code /orders-admin}.
 */
final class RouteTable {
    private final List<GatewayRoute> routes;

    RouteTable(List<GatewayRoute> routes) {
        this.routes = routes.stream()
                .sorted(Comparator.comparingInt((GatewayRoute r) -> r.prefix().length()).reversed())
                .toList();
    }

    Optional<GatewayRoute> match(String path, String method) {
        for (GatewayRoute route : routes) {
            if (covers(route.prefix(), path) && route.allows(method)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    List<GatewayRoute> routes() {
        return routes;
    }

    static boolean covers(String prefix, String path) {
        if (prefix.equals("/")) {
            return true;
        }
        return path.equals(prefix) || (path.startsWith(prefix) && path.charAt(prefix.length()) == '/');
    }
}
