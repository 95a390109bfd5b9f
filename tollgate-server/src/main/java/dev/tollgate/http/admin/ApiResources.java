package dev.tollgate.http.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.admin.AdminException;
import dev.tollgate.admin.Apis;
import dev.tollgate.admin.Entries;
import dev.tollgate.config.Config;
import dev.tollgate.store.Api;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /apis}: the {@code [[apis]]} tables. An API's identifier is often a URL, which cannot
 * stand in one path segment, so each API also has an {@code id}: its identifier in base64url. A
 * path takes either.
 */
final class ApiResources {
    private static final Set<String> READ_ONLY = Set.of("id", "built_in");

    private final Apis apis;
    private final Changes changes;
    private final Object writes;

    ApiResources(Apis apis, Changes changes, Object writes) {
        this.apis = apis;
        this.changes = changes;
        this.writes = writes;
    }

    List<AdminRoute> routes() {
        return List.of(
                AdminRoute.read(HandlerType.GET, "/apis", this::list),
                AdminRoute.write(HandlerType.POST, "/apis", this::create),
                AdminRoute.read(HandlerType.GET, "/apis/{id}", this::get),
                AdminRoute.write(HandlerType.PATCH, "/apis/{id}", this::patch),
                AdminRoute.write(HandlerType.DELETE, "/apis/{id}", this::delete));
    }

    private void list(Context ctx, Caller caller) {
        List<Api> sorted = apis.list().stream().sorted(Comparator.comparing(Api::identifier)).toList();
        Paging.respond(ctx, Paging.slice(sorted, Api::identifier, Paging.cursor(ctx), Paging.limit(ctx)),
                ApiResources::representation);
    }

    private void create(Context ctx, Caller caller) {
        ObjectNode body = Json.body(ctx);
        refuseReadOnly(body);
        Api api = Entries.api(Json.convert(body, Config.ApiEntry.class, "an API"));
        if (api.identifier() == null) {
            throw ApiProblem.invalid("identifier", "is required");
        }
        synchronized (writes) {
            apis.add(api);
        }
        Map<String, Object> representation = representation(api);
        changes.record(caller, "create", "api", api.identifier(), null, representation);
        ctx.header("Location", ctx.path() + "/" + id(api));
        Responses.resource(ctx, 201, representation);
    }

    private void get(Context ctx, Caller caller) {
        Responses.resource(ctx, 200, representation(find(ctx.pathParam("id"))));
    }

    private void patch(Context ctx, Caller caller) {
        ObjectNode patch = Json.body(ctx);
        refuseReadOnly(patch);
        Map<String, Object> before;
        Api updated;
        synchronized (writes) {
            Api current = find(ctx.pathParam("id"));
            before = representation(current);
            Etags.require(ctx, Etags.of(before));
            ObjectNode merged = Json.mergePatch(Json.tree(Entries.of(current)), patch);
            updated = Entries.api(Json.convert(merged, Config.ApiEntry.class, "an API"));
            if (!current.identifier().equals(updated.identifier())) {
                throw ApiProblem.invalid("identifier", "cannot be changed");
            }
            apis.put(updated);
        }
        Map<String, Object> after = representation(updated);
        changes.record(caller, "update", "api", updated.identifier(), before, after);
        Responses.resource(ctx, 200, after);
    }

    private void delete(Context ctx, Caller caller) {
        Map<String, Object> before;
        Api current;
        synchronized (writes) {
            current = find(ctx.pathParam("id"));
            before = representation(current);
            Etags.require(ctx, Etags.of(before));
            apis.remove(current.identifier());
        }
        changes.record(caller, "delete", "api", current.identifier(), before, null);
        Responses.noContent(ctx);
    }

    /** By identifier, else by id (the identifier in base64url). */
    private Api find(String segment) {
        Optional<Api> api = apis.find(segment);
        if (api.isEmpty()) {
            try {
                api = apis.find(new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // not an id either
            }
        }
        return api.orElseThrow(() -> new AdminException.NotFound("no API '" + segment + "'"));
    }

    static String id(Api api) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(api.identifier().getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, Object> representation(Api api) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id(api));
        json.putAll(Json.MAPPER.convertValue(Entries.of(api), Map.class));
        json.put("built_in", api.builtIn());
        return json;
    }

    private static void refuseReadOnly(ObjectNode body) {
        for (String key : READ_ONLY) {
            if (body.has(key)) {
                throw ApiProblem.invalid(key, "is read-only");
            }
        }
    }
}
