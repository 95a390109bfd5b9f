package dev.tollgate.http.admin;

import io.javalin.http.Context;

/** Admin API responses: JSON, never cached, with the entity tag of a single resource. */
final class Responses {
    private Responses() {}

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }

    /** A resource: its representation and its {@code ETag}. */
    static void resource(Context ctx, int status, Object representation) {
        ctx.header("ETag", Etags.of(representation));
        json(ctx, status, representation);
    }

    static void noContent(Context ctx) {
        ctx.status(204);
    }
}
