package dev.tollgate.http.admin;

import dev.tollgate.admin.Authenticators;
import dev.tollgate.admin.Users;
import dev.tollgate.identity.Identity;
import dev.tollgate.mfa.MultiFactor;
import dev.tollgate.store.Authenticator;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /users/{id}/mfa}: a database user's second factors. An enrolment made here is active at
 * once and its secret and recovery code are in this one response; a reset removes every
 * authenticator and the recovery code.
 */
final class MfaResources {
    private final Users users;
    private final Authenticators mfa;
    private final Changes changes;

    MfaResources(Users users, Authenticators mfa, Changes changes) {
        this.users = users;
        this.mfa = mfa;
        this.changes = changes;
    }

    List<AdminRoute> routes() {
        return List.of(
                AdminRoute.read(HandlerType.GET, "/users/{id}/mfa", this::list),
                AdminRoute.write(HandlerType.DELETE, "/users/{id}/mfa", this::reset),
                AdminRoute.write(HandlerType.POST, "/users/{id}/mfa/enroll", this::enroll));
    }

    private void list(Context ctx, Caller caller) {
        Identity user = users.getById(ctx.pathParam("id"));
        List<Object> items = mfa.list(user.username()).stream().<Object>map(MfaResources::representation).toList();
        Responses.json(ctx, 200, Map.of("items", items));
    }

    private void enroll(Context ctx, Caller caller) {
        Identity user = users.getById(ctx.pathParam("id"));
        MultiFactor.Enrolment enrolment = mfa.enroll(user.username());
        // the record of the change names the authenticator, never its secret
        changes.record(caller, "enroll", "authenticator", enrolment.id(), null,
                Map.of("username", user.username()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", enrolment.id());
        body.put("authenticator_type", "otp");
        body.put("secret", enrolment.secret());
        body.put("barcode_uri", enrolment.uri());
        body.put("recovery_codes", List.of(enrolment.recoveryCode()));
        ctx.header("Cache-Control", "no-store");
        Responses.json(ctx, 201, body);
    }

    private void reset(Context ctx, Caller caller) {
        Identity user = users.getById(ctx.pathParam("id"));
        int removed = mfa.reset(user.username());
        changes.record(caller, "reset", "authenticator", user.id(), Map.of("authenticators", removed), null);
        ctx.status(204);
    }

    private static Map<String, Object> representation(Authenticator authenticator) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", authenticator.id());
        json.put("authenticator_type", "otp");
        json.put("active", authenticator.active());
        json.put("created_at", Instant.ofEpochSecond(authenticator.createdAt()).toString());
        return json;
    }
}
