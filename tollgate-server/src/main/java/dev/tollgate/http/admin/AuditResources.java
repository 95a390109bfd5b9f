package dev.tollgate.http.admin;

import dev.tollgate.admin.AuditEvent;
import dev.tollgate.admin.AuditEvents;
import dev.tollgate.admin.AuditQuery;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /audit}: the stored audit events, newest first, filtered by type, username, client and time. */
final class AuditResources {
    private final AuditEvents events;

    AuditResources(AuditEvents events) {
        this.events = events;
    }

    List<AdminRoute> routes() {
        return List.of(AdminRoute.read(HandlerType.GET, "/audit", this::list));
    }

    private void list(Context ctx, Caller caller) {
        AuditQuery query = new AuditQuery(ctx.queryParam("type"), ctx.queryParam("username"),
                ctx.queryParam("client_id"), instant(ctx, "since"), instant(ctx, "until"));
        Paging.respond(ctx, events.search(query, Paging.cursor(ctx), Paging.limit(ctx)),
                AuditResources::representation);
    }

    private static Instant instant(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(name, "must be an RFC 3339 time in UTC, such as 2026-12-01T10:00:00Z");
        }
    }

    private static Map<String, Object> representation(AuditEvent event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", event.id());
        json.put("time", event.time().toString());
        json.put("type", event.type());
        json.put("outcome", event.outcome());
        json.put("client_id", event.clientId());
        json.put("username", event.username());
        json.put("client_ip", event.clientIp());
        json.put("details", event.details());
        return json;
    }
}
