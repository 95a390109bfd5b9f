package dev.tollgate.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.admin.Keys;
import dev.tollgate.keys.KeyRing;
import dev.tollgate.store.SigningKey;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /keys}: the token signing keys and their rotation, as {@code key list} and {@code key rotate}. */
final class KeyResources {
    private final Keys keys;
    private final Changes changes;
    private final Object writes;

    KeyResources(Keys keys, Changes changes, Object writes) {
        this.keys = keys;
        this.changes = changes;
        this.writes = writes;
    }

    List<AdminRoute> routes() {
        return List.of(
                AdminRoute.read(HandlerType.GET, "/keys", this::list),
                AdminRoute.write(HandlerType.POST, "/keys/rotate", this::rotate));
    }

    private void list(Context ctx, Caller caller) {
        List<Object> items = keys.list().stream().<Object>map(state -> representation(state.key(), state.state()))
                .toList();
        Paging.respond(ctx, items, null);
    }

    /** Body keys as the command's options: {@code alg} (list), {@code activate_in}, {@code keep_old_for} (seconds). */
    private void rotate(Context ctx, Caller caller) {
        ObjectNode body = Json.optionalBody(ctx);
        body.fieldNames().forEachRemaining(name -> {
            if (!List.of("alg", "activate_in", "keep_old_for").contains(name)) {
                throw ApiProblem.invalid(name, "is not a key of a key rotation");
            }
        });
        List<String> algorithms = algorithms(body.get("alg"));
        long activateIn = seconds(body, "activate_in", 0L);
        Long keepOldFor = body.has("keep_old_for") ? seconds(body, "keep_old_for", null) : null;
        List<SigningKey> created;
        synchronized (writes) {
            created = keys.rotate(algorithms, activateIn, keepOldFor);
        }
        List<Object> items = created.stream().<Object>map(key -> representation(key, null)).toList();
        changes.record(caller, "rotate_keys", "key", String.join(",", algorithms), null, Map.of("keys", items));
        Responses.json(ctx, 201, Map.of("items", items));
    }

    private static List<String> algorithms(JsonNode alg) {
        if (alg == null) {
            return KeyRing.ALGORITHMS;
        }
        if (!alg.isArray() || alg.isEmpty()) {
            throw ApiProblem.invalid("alg", "must be a non-empty list of algorithms");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : alg) {
            if (!name.isTextual()) {
                throw ApiProblem.invalid("alg", "must list algorithm names");
            }
            names.add(name.asText());
        }
        return names;
    }

    private static Long seconds(ObjectNode body, String key, Long otherwise) {
        JsonNode value = body.get(key);
        if (value == null) {
            return otherwise;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ApiProblem.invalid(key, "must be a whole number of seconds");
        }
        return value.asLong();
    }

    private static Map<String, Object> representation(SigningKey key, String state) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kid", key.kid());
        json.put("alg", key.alg());
        if (state != null) {
            json.put("state", state);
        }
        json.put("created_at", Instant.ofEpochSecond(key.createdAt()).toString());
        json.put("active_from", Instant.ofEpochSecond(key.activeFrom()).toString());
        if (key.retireAt() != null) {
            json.put("retire_at", Instant.ofEpochSecond(key.retireAt()).toString());
        }
        return json;
    }
}
