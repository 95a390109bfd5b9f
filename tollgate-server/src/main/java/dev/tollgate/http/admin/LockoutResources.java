package dev.tollgate.http.admin;

import dev.tollgate.admin.Lockouts;
import dev.tollgate.admin.Page;
import dev.tollgate.store.LoginFailures;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /lockouts}: usernames locked by failed logins, by the name that was submitted (which
 * need not belong to a user: lockouts are kept for any name), and lifting them.
 */
final class LockoutResources {
    private final Lockouts lockouts;
    private final Changes changes;

    LockoutResources(Lockouts lockouts, Changes changes) {
        this.lockouts = lockouts;
        this.changes = changes;
    }

    List<AdminRoute> routes() {
        return List.of(
                AdminRoute.read(HandlerType.GET, "/lockouts", this::list),
                AdminRoute.write(HandlerType.DELETE, "/lockouts/{username}", this::unlock));
    }

    private void list(Context ctx, Caller caller) {
        String cursor = Paging.cursor(ctx);
        Page<LoginFailures> page = lockouts.list(cursor, Paging.limit(ctx));
        Paging.respond(ctx, page, LockoutResources::representation);
    }

    private void unlock(Context ctx, Caller caller) {
        LoginFailures before = lockouts.unlock(ctx.pathParam("username"));
        changes.record(caller, "unlock", "lockout", before.username(), representation(before), null);
        Responses.noContent(ctx);
    }

    private static Map<String, Object> representation(LoginFailures entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("username", entry.username());
        json.put("lockouts", entry.lockouts());
        json.put("locked_until", Instant.ofEpochSecond(entry.lockedUntil()).toString());
        return json;
    }
}
