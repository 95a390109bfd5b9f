package dev.tollgate.http.admin;

import dev.tollgate.admin.Admin;
import dev.tollgate.http.AddressThrottle;
import dev.tollgate.http.RouteGroup;
import dev.tollgate.oauth.AccessTokenValidator;
import dev.tollgate.observe.AuditLog;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The admin REST API under {@code /admin/api/v1}: a thin adapter over the admin operations the
 * CLI uses, behind the per-address limit and a Bearer token for the {@code tollgate-admin} API.
 * Every answer is JSON, never cached; every refusal an RFC 9457 problem.
 */
public final class AdminApiRoutes implements RouteGroup {
    public static final String BASE = "/admin/api/v1";
    static final String OPENAPI = "/openapi.json";
    private static final List<HandlerType> METHODS =
            List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    private final List<AdminRoute> routes;
    private final AdminAuth auth;
    private final AddressThrottle throttle;
    private final byte[] openApi;

    public AdminApiRoutes(Admin admin, AccessTokenValidator tokens, AuditLog audit, AddressThrottle throttle) {
        Changes changes = new Changes(audit);
        // one change at a time in this process, so that a read of the ETag and the write it guards are not interleaved
        Object writes = new Object();
        List<AdminRoute> all = new ArrayList<>();
        all.add(new AdminRoute(HandlerType.GET, OPENAPI, AdminRoute.Access.PUBLIC, this::openApi));
        all.addAll(new ClientResources(admin.clients(), changes, writes).routes());
        all.addAll(new UserResources(admin.users(), admin.directoryUsers(), Set.copyOf(admin.directories().names()),
                admin.sessions(), changes, writes).routes());
        all.addAll(new MfaResources(admin.users(), admin.mfa(), changes).routes());
        all.addAll(new ApiResources(admin.apis(), changes, writes).routes());
        all.addAll(new KeyResources(admin.keys(), changes, writes).routes());
        all.addAll(new LockoutResources(admin.lockouts(), changes).routes());
        all.addAll(new DirectoryResources(admin.directories()).routes());
        all.addAll(new AuditResources(admin.audit()).routes());
        this.routes = List.copyOf(all);
        this.auth = new AdminAuth(tokens);
        this.throttle = throttle;
        this.openApi = readOpenApi();
    }

    /** Every operation, as method and path below {@link #BASE}: what the OpenAPI document must describe. */
    public List<String> operations() {
        return routes.stream().map(route -> route.method().name() + " " + route.path()).toList();
    }

    @Override
    public List<String> paths() {
        return List.of(BASE + OPENAPI);
    }

    @Override
    public void register(RoutesConfig config) {
        Map<String, Set<HandlerType>> allowed = new LinkedHashMap<>();
        for (AdminRoute route : routes) {
            config.addHttpHandler(route.method(), BASE + route.path(), ctx -> handle(ctx, route));
            allowed.computeIfAbsent(route.path(), path -> new LinkedHashSet<>()).add(route.method());
        }
        allowed.forEach((path, methods) -> {
            String allow = methods.stream().map(HandlerType::name).collect(Collectors.joining(", "));
            for (HandlerType method : METHODS) {
                if (!methods.contains(method)) {
                    config.addHttpHandler(method, BASE + path, ctx -> refuse(ctx, new ApiProblem(405,
                            "method-not-allowed", "Method not allowed", "this resource accepts " + allow,
                            List.of(), Map.of("Allow", allow), null)));
                }
            }
        });
        for (HandlerType method : METHODS) {
            config.addHttpHandler(method, BASE + "/<rest>", ctx -> refuse(ctx,
                    ApiProblem.notFound("no such resource in the admin API")));
        }
    }

    private void handle(Context ctx, AdminRoute route) {
        ctx.header("Cache-Control", "no-store");
        try {
            throttle.handle(ctx);
            Caller caller = route.access() == AdminRoute.Access.PUBLIC ? null
                    : auth.authorize(ctx, route.access() == AdminRoute.Access.WRITE);
            if (caller != null) {
                throttle.authenticated(ctx, caller.clientId());
            }
            route.action().run(ctx, caller);
        } catch (RuntimeException e) {
            ApiProblem problem = Problems.of(e);
            if (problem == null) {
                throw e;
            }
            Problems.render(ctx, problem);
        }
    }

    private void refuse(Context ctx, ApiProblem problem) {
        ctx.header("Cache-Control", "no-store");
        try {
            throttle.handle(ctx);
            Problems.render(ctx, problem);
        } catch (RuntimeException e) {
            Problems.render(ctx, Problems.of(e));
        }
    }

    private void openApi(Context ctx, Caller caller) {
        ctx.status(200).contentType("application/json").result(openApi);
    }

    private static byte[] readOpenApi() {
        try (InputStream in = AdminApiRoutes.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
