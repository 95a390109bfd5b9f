package dev.tollgate.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.admin.Clients;
import dev.tollgate.admin.ClientSpec;
import dev.tollgate.admin.Entries;
import dev.tollgate.config.Config;
import dev.tollgate.store.Client;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /clients}: the {@code [[clients]]} tables of the configuration file, over HTTP. */
final class ClientResources {
    /** Methods that use the client's secret; a new client gets a generated one unless it names none of them. */
    private static final Set<String> SECRET_METHODS =
            Set.of(Client.CLIENT_SECRET_BASIC, Client.CLIENT_SECRET_POST, Client.CLIENT_SECRET_JWT);
    private static final Set<String> READ_ONLY = Set.of("public", "previous_secret_expires_at");

    private final Clients clients;
    private final Changes changes;
    private final Object writes;

    ClientResources(Clients clients, Changes changes, Object writes) {
        this.clients = clients;
        this.changes = changes;
        this.writes = writes;
    }

    List<AdminRoute> routes() {
        return List.of(
                AdminRoute.read(HandlerType.GET, "/clients", this::list),
                AdminRoute.write(HandlerType.POST, "/clients", this::create),
                AdminRoute.read(HandlerType.GET, "/clients/{id}", this::get),
                AdminRoute.write(HandlerType.PATCH, "/clients/{id}", this::patch),
                AdminRoute.write(HandlerType.DELETE, "/clients/{id}", this::delete),
                AdminRoute.write(HandlerType.POST, "/clients/{id}/secret", this::rotateSecret));
    }

    private void list(Context ctx, Caller caller) {
        List<Client> sorted = clients.list().stream().sorted(Comparator.comparing(Client::id)).toList();
        Paging.respond(ctx, Paging.slice(sorted, Client::id, Paging.cursor(ctx), Paging.limit(ctx)),
                ClientResources::representation);
    }

    private void create(Context ctx, Caller caller) {
        ObjectNode body = Json.body(ctx);
        refuseReadOnly(body);
        Config.ClientEntry entry = Json.convert(withJwksText(body), Config.ClientEntry.class, "a client");
        ClientSpec base = Entries.client(entry);
        ClientSpec spec = new ClientSpec(base.id(), base.secret(), base.secret() == null && wantsSecret(entry),
                base.grantTypes(), base.scopes(), base.accessTokenTtl(), base.refreshTokenPolicy(),
                base.authMethods(), base.jwks(), base.jwksUri(), base.forwardedUserIp(), base.canIntrospect(),
                base.directories(), base.mfa());
        Clients.Registered registered;
        synchronized (writes) {
            registered = clients.register(spec);
        }
        Map<String, Object> representation = representation(registered.client());
        changes.record(caller, "create", "client", registered.client().id(), null, representation);
        ctx.header("Location", ctx.path() + "/" + Segments.of(registered.client().id()));
        ctx.header("ETag", Etags.of(representation));
        Map<String, Object> response = new LinkedHashMap<>(representation);
        if (registered.secret() != null) {
            response.put("client_secret", registered.secret());
        }
        Responses.json(ctx, 201, response);
    }

    private void get(Context ctx, Caller caller) {
        Responses.resource(ctx, 200, representation(clients.get(ctx.pathParam("id"))));
    }

    private void patch(Context ctx, Caller caller) {
        String id = ctx.pathParam("id");
        ObjectNode patch = Json.body(ctx);
        refuseReadOnly(patch);
        Map<String, Object> before;
        Client updated;
        synchronized (writes) {
            Client current = clients.get(id);
            before = representation(current);
            Etags.require(ctx, Etags.of(before));
            ObjectNode merged = Json.mergePatch(Json.tree(Entries.of(current)), withJwksText(patch));
            Config.ClientEntry entry = Json.convert(merged, Config.ClientEntry.class, "a client");
            updated = clients.update(id, Entries.client(entry));
        }
        Map<String, Object> after = representation(updated);
        changes.record(caller, "update", "client", id, before, after);
        Responses.resource(ctx, 200, after);
    }

    private void delete(Context ctx, Caller caller) {
        String id = ctx.pathParam("id");
        Map<String, Object> before;
        synchronized (writes) {
            before = representation(clients.get(id));
            Etags.require(ctx, Etags.of(before));
            clients.remove(id);
        }
        changes.record(caller, "delete", "client", id, before, null);
        Responses.noContent(ctx);
    }

    private void rotateSecret(Context ctx, Caller caller) {
        String id = ctx.pathParam("id");
        ObjectNode body = Json.optionalBody(ctx);
        long keepOld = 0;
        for (var names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("keep_old_for_seconds")) {
                throw ApiProblem.invalid(name, "is not a key of a secret rotation");
            }
        }
        JsonNode keep = body.get("keep_old_for_seconds");
        if (keep != null) {
            if (!keep.canConvertToLong() || !keep.isIntegralNumber()) {
                throw ApiProblem.invalid("keep_old_for_seconds", "must be a whole number of seconds");
            }
            keepOld = keep.asLong();
        }
        Clients.Registered rotated;
        synchronized (writes) {
            rotated = clients.rotateSecret(id, keepOld);
        }
        changes.record(caller, "rotate_secret", "client", id, null, Map.of("keep_old_for_seconds", keepOld));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("client_id", id);
        response.put("client_secret", rotated.secret());
        Client.PreviousSecret previous = rotated.client().previousSecret();
        if (previous != null) {
            response.put("previous_secret_expires_at", Instant.ofEpochSecond(previous.expiresAt()).toString());
        }
        ctx.header("ETag", Etags.of(representation(rotated.client())));
        Responses.json(ctx, 200, response);
    }

    /** The client's configuration keys (no secret), and what can be told of its secret. */
    static Map<String, Object> representation(Client client) {
        Map<String, Object> json = new LinkedHashMap<>(Json.MAPPER.convertValue(Entries.of(client), Map.class));
        if (client.jwks() != null) {
            try {
                json.put("jwks", Json.MAPPER.readTree(client.jwks()));
            } catch (IOException e) {
                // stored keys were validated when registered; shown as stored otherwise
            }
        }
        json.put("public", client.isPublic());
        if (client.previousSecret() != null) {
            json.put("previous_secret_expires_at", Instant.ofEpochSecond(client.previousSecret().expiresAt()).toString());
        }
        return json;
    }

    /** A new client gets a generated secret when the methods it may use (or, unnamed, its lack of keys) call for one. */
    private static boolean wantsSecret(Config.ClientEntry entry) {
        if (entry.authMethods() != null && !entry.authMethods().isEmpty()) {
            return entry.authMethods().stream().anyMatch(SECRET_METHODS::contains);
        }
        return entry.jwks() == null && entry.jwksUri() == null;
    }

    private static void refuseReadOnly(ObjectNode body) {
        for (String key : READ_ONLY) {
            if (body.has(key)) {
                throw ApiProblem.invalid(key, "is read-only");
            }
        }
    }

    /** The configuration file keeps a JWK Set as JSON text; the API also takes it as an object. */
    private static ObjectNode withJwksText(ObjectNode body) {
        JsonNode jwks = body.get("jwks");
        if (jwks != null && jwks.isObject()) {
            ObjectNode copy = body.deepCopy();
            copy.put("jwks", jwks.toString());
            return copy;
        }
        return body;
    }
}
