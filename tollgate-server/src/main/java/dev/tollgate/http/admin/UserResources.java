package dev.tollgate.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.admin.DirectoryUsers;
import dev.tollgate.admin.Entries;
import dev.tollgate.admin.Sessions;
import dev.tollgate.admin.Users;
import dev.tollgate.config.Config;
import dev.tollgate.identity.DatabaseDirectory;
import dev.tollgate.identity.Identity;
import dev.tollgate.store.Session;
import dev.tollgate.store.TokenFamily;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /users}: the database directory's users (the {@code [[users]]} keys), their passwords,
 * lockouts and sessions. Users are named by id, the subject of their tokens, which stays when
 * the username changes.
 */
final class UserResources {
    private static final Set<String> READ_ONLY = Set.of("id", "directory", "updated_at");
    private static final Set<String> PASSWORD_KEYS = Set.of("password", "password_hash");

    private final Users users;
    private final DirectoryUsers directoryUsers;
    private final Set<String> directories;
    private final Sessions sessions;
    private final Changes changes;
    private final Object writes;

    UserResources(Users users, DirectoryUsers directoryUsers, Set<String> directories, Sessions sessions,
            Changes changes, Object writes) {
        this.users = users;
        this.directoryUsers = directoryUsers;
        this.directories = directories;
        this.sessions = sessions;
        this.changes = changes;
        this.writes = writes;
    }

    List<AdminRoute> routes() {
        return List.of(
                AdminRoute.read(HandlerType.GET, "/users", this::list),
                AdminRoute.write(HandlerType.POST, "/users", this::create),
                AdminRoute.read(HandlerType.GET, "/users/{id}", this::get),
                AdminRoute.write(HandlerType.PATCH, "/users/{id}", this::patch),
                AdminRoute.write(HandlerType.DELETE, "/users/{id}", this::delete),
                AdminRoute.write(HandlerType.PUT, "/users/{id}/password", this::setPassword),
                AdminRoute.write(HandlerType.POST, "/users/{id}/unlock", this::unlock),
                AdminRoute.read(HandlerType.GET, "/users/{id}/sessions", this::listSessions),
                AdminRoute.write(HandlerType.DELETE, "/users/{id}/sessions", this::revokeSessions),
                AdminRoute.write(HandlerType.DELETE, "/users/{id}/sessions/{family}", this::revokeSession));
    }

    private void list(Context ctx, Caller caller) {
        String directory = ctx.queryParam("directory");
        if (directory != null && !directories.contains(directory)) {
            throw ApiProblem.invalid("directory", "names no configured directory");
        }
        int limit = Paging.limit(ctx);
        String query = ctx.queryParam("q");
        Paging.respond(ctx, directory == null || directory.equals(DatabaseDirectory.NAME)
                        ? users.list(query, Paging.cursor(ctx), limit)
                        : directoryUsers.list(directory, query, Paging.cursor(ctx), limit),
                UserResources::representation);
    }

    private void create(Context ctx, Caller caller) {
        ObjectNode body = Json.body(ctx);
        refuse(body, READ_ONLY, "is read-only");
        Config.UserEntry entry = Json.convert(body, Config.UserEntry.class, "a user");
        if ((entry.password() == null) == (entry.passwordHash() == null)) {
            throw ApiProblem.invalid("password", "or password_hash is required, not both");
        }
        Identity created;
        synchronized (writes) {
            created = entry.password() != null ? users.add(Entries.user(entry), entry.password())
                    : users.addWithHash(Entries.user(entry), entry.passwordHash());
        }
        Map<String, Object> representation = representation(created);
        changes.record(caller, "create", "user", created.id(), null, representation);
        ctx.header("Location", ctx.path() + "/" + Segments.of(created.id()));
        Responses.resource(ctx, 201, representation);
    }

    private void get(Context ctx, Caller caller) {
        Responses.resource(ctx, 200, representation(users.getById(ctx.pathParam("id"))));
    }

    private void patch(Context ctx, Caller caller) {
        ObjectNode patch = Json.body(ctx);
        refuse(patch, READ_ONLY, "is read-only");
        refuse(patch, PASSWORD_KEYS, "is set with PUT /users/{id}/password");
        Map<String, Object> before;
        Identity updated;
        synchronized (writes) {
            Identity current = users.getById(ctx.pathParam("id"));
            before = representation(current);
            Etags.require(ctx, Etags.of(before));
            ObjectNode merged = Json.mergePatch(Json.tree(Entries.of(current)), patch);
            updated = users.update(current.username(), Entries.user(Json.convert(merged, Config.UserEntry.class,
                    "a user")));
        }
        Map<String, Object> after = representation(updated);
        changes.record(caller, "update", "user", updated.id(), before, after);
        Responses.resource(ctx, 200, after);
    }

    private void delete(Context ctx, Caller caller) {
        Map<String, Object> before;
        String id = ctx.pathParam("id");
        synchronized (writes) {
            Identity current = users.getById(id);
            before = representation(current);
            Etags.require(ctx, Etags.of(before));
            users.remove(current.username());
        }
        changes.record(caller, "delete", "user", id, before, null);
        Responses.noContent(ctx);
    }

    /** A new password, hashed here; the user's sessions end with the old one. */
    private void setPassword(Context ctx, Caller caller) {
        ObjectNode body = Json.body(ctx);
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("password")) {
                throw ApiProblem.invalid(name, "is not a key of a password change");
            }
        });
        JsonNode password = body.get("password");
        if (password == null || !password.isTextual()) {
            throw ApiProblem.invalid("password", "is required, as a string");
        }
        String id = ctx.pathParam("id");
        synchronized (writes) {
            Identity current = users.getById(id);
            Etags.require(ctx, Etags.of(representation(current)));
            users.setPassword(current.username(), password.asText());
        }
        changes.record(caller, "set_password", "user", id, null, null);
        Responses.noContent(ctx);
    }

    private void unlock(Context ctx, Caller caller) {
        Identity user = users.getById(ctx.pathParam("id"));
        boolean wasLocked = users.unlock(user.username()).isPresent();
        changes.record(caller, "unlock", "user", user.id(), null, Map.of("username", user.username()));
        Responses.json(ctx, 200, Map.of("username", user.username(), "had_failed_logins", wasLocked));
    }

    private void listSessions(Context ctx, Caller caller) {
        Identity user = users.getById(ctx.pathParam("id"));
        List<Object> items = sessions.list(user).stream().<Object>map(UserResources::session).toList();
        Paging.respond(ctx, items, null);
    }

    private void revokeSessions(Context ctx, Caller caller) {
        Identity user = users.getById(ctx.pathParam("id"));
        int revoked = sessions.revokeAll(user);
        changes.record(caller, "revoke_sessions", "session", user.id(), null, Map.of("revoked", revoked));
        Responses.noContent(ctx);
    }

    private void revokeSession(Context ctx, Caller caller) {
        Identity user = users.getById(ctx.pathParam("id"));
        Session revoked = sessions.revoke(user, ctx.pathParam("family"));
        changes.record(caller, "revoke_sessions", "session", revoked.family().id(), session(revoked), null);
        Responses.noContent(ctx);
    }

    /** The user's configuration keys (never a password or its hash), its id, directory and last change. */
    static Map<String, Object> representation(Identity user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", user.id());
        json.put("directory", user.directory());
        json.putAll(Json.MAPPER.convertValue(Entries.of(user), Map.class));
        if (user.updatedAt() > 0) {
            json.put("updated_at", Instant.ofEpochSecond(user.updatedAt()).toString());
        }
        return json;
    }

    static Map<String, Object> session(Session session) {
        TokenFamily family = session.family();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", family.id());
        json.put("client_id", family.clientId());
        json.put("created_at", Instant.ofEpochSecond(family.createdAt()).toString());
        json.put("last_used_at", Instant.ofEpochSecond(session.lastUsedAt()).toString());
        json.put("expires_at", Instant.ofEpochSecond(family.expiresAt()).toString());
        if (session.clientIp() != null) {
            json.put("client_ip", session.clientIp());
        }
        json.put("scope", String.join(" ", new TreeSet<>(family.scopes())));
        if (family.audience() != null) {
            json.put("audience", family.audience());
        }
        return json;
    }

    private static void refuse(ObjectNode body, Set<String> keys, String why) {
        for (String key : keys) {
            if (body.has(key)) {
                throw ApiProblem.invalid(key, why);
            }
        }
    }
}
