package dev.tollgate.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.admin.DirectoryChecks;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /directories}: where users may come from (the default first) and whether each can serve
 * now, and a directory's user search run for one username, as {@code directory list} and
 * {@code directory test}.
 */
final class DirectoryResources {
    private final DirectoryChecks checks;

    DirectoryResources(DirectoryChecks checks) {
        this.checks = checks;
    }

    List<AdminRoute> routes() {
        return List.of(
                AdminRoute.read(HandlerType.GET, "/directories", this::list),
                AdminRoute.write(HandlerType.POST, "/directories/{name}/test", this::test));
    }

    private void list(Context ctx, Caller caller) {
        List<Object> items = checks.list().stream().<Object>map(listed -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", listed.name());
            json.put("type", listed.type());
            json.put("default", listed.isDefault());
            if (!listed.urls().isEmpty()) {
                json.put("urls", listed.urls());
            }
            json.put("state", listed.state());
            if (listed.problem() != null) {
                json.put("problem", listed.problem());
            }
            return json;
        }).toList();
        Paging.respond(ctx, items, null);
    }

    /** A write only in name: it reads, but as the service account, which readers should not drive. */
    private void test(Context ctx, Caller caller) {
        ObjectNode body = Json.body(ctx);
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("username")) {
                throw ApiProblem.invalid(name, "is not a key of a directory test");
            }
        });
        JsonNode username = body.get("username");
        if (username == null || !username.isTextual()) {
            throw ApiProblem.invalid("username", "is required, as a string");
        }
        DirectoryChecks.Lookup lookup = checks.test(ctx.pathParam("name"), username.asText());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("directory", lookup.directory());
        json.put("username", lookup.username());
        json.put("found", lookup.found());
        json.put("entries", lookup.entries().stream().map(entry -> {
            Map<String, Object> found = new LinkedHashMap<>();
            found.put("dn", entry.dn());
            found.put("id", entry.id());
            found.put("disabled", entry.disabled());
            found.put("groups", entry.groups());
            found.put("scopes", entry.scopes().stream().sorted().toList());
            found.put("claims", entry.claims());
            return found;
        }).toList());
        Responses.json(ctx, 200, json);
    }
}
