package dev.tollgate.http.admin;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * One admin API operation: method, path under {@link AdminApiRoutes#BASE} (Javalin's
 * {@code {param}} syntax) and what it needs. The OpenAPI document is checked against this list.
 */
record AdminRoute(HandlerType method, String path, Access access, Action action) {
    enum Access { PUBLIC, READ, WRITE }

    interface Action {
        void run(Context ctx, Caller caller);
    }

    static AdminRoute read(HandlerType method, String path, Action action) {
        return new AdminRoute(method, path, Access.READ, action);
    }

    static AdminRoute write(HandlerType method, String path, Action action) {
        return new AdminRoute(method, path, Access.WRITE, action);
    }
}
