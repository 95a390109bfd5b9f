package dev.tollgate.http.console;

import dev.tollgate.mfa.MultiFactor;

import dev.tollgate.admin.Admin;
import dev.tollgate.admin.AdminException;
import dev.tollgate.admin.AuditEvent;
import dev.tollgate.admin.AuditQuery;
import dev.tollgate.admin.ClientSpec;
import dev.tollgate.admin.Clients;
import dev.tollgate.admin.Entries;
import dev.tollgate.admin.Keys;
import dev.tollgate.admin.Page;
import dev.tollgate.admin.UserSpec;
import dev.tollgate.http.AddressThrottle;
import dev.tollgate.http.RouteGroup;
import dev.tollgate.identity.Directories;
import dev.tollgate.identity.Identity;
import dev.tollgate.identity.HashPool;
import dev.tollgate.identity.LoginQueue;
import dev.tollgate.observe.AdminActor;
import dev.tollgate.observe.AuditLog;
import dev.tollgate.store.Api;
import dev.tollgate.store.Client;
import dev.tollgate.store.Profile;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The administrators' console under {@code /console}: server-rendered pages over the same admin
 * operations as the CLI and the admin API, for users holding {@code tollgate:admin}. Every change
 * is an {@code admin_change} audit event of the signed-in administrator.
 */
public final class ConsoleRoutes implements RouteGroup {
    public static final String BASE = "/console";
    /** The name console sign-ins go by in the audit log, the lockout's origins and the login queue. */
    public static final String ORIGIN = "tollgate-console";
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    private static final List<String> GRANTS = List.of("password", "refresh_token", "client_credentials");
    private static final int PAGE = 25;

    private final Admin admin;
    private final Directories directories;
    private final LoginQueue queue;
    private final HashPool pool;
    private final AuditLog audit;
    private final Clock clock;
    private final PasswordSignIn signIn;
    private final WebArea area;
    /** The database directory's state is the database's. */
    private final java.util.function.BooleanSupplier storageReachable;
    /** One change at a time, as through the admin API. */
    private final Object writes = new Object();

    public ConsoleRoutes(Admin admin, Directories directories, LoginQueue queue, HashPool pool,
            dev.tollgate.identity.BruteForceGuard guard,
            AuditLog audit, AddressThrottle throttle, Clock clock, long idleTimeout, long absoluteTimeout,
            java.util.function.BooleanSupplier storageReachable) {
        this.storageReachable = storageReachable;
        this.admin = admin;
        this.directories = directories;
        this.queue = queue;
        this.pool = pool;
        this.audit = audit;
        this.clock = clock;
        this.signIn = new PasswordSignIn(directories, guard, queue, audit);
        this.area = new WebArea(BASE, "console", new WebSessions(clock, idleTimeout, absoluteTimeout), throttle,
                user -> PortalRoutes.holds(directories, user, Api.ADMIN_SCOPE));
    }

    @Override
    public List<String> paths() {
        return List.of(BASE + "/login", BASE + "/dashboard", BASE + "/clients", BASE + "/users", BASE + "/audit");
    }

    @Override
    public void register(RoutesConfig routes) {
        Assets.register(routes, BASE + "/assets/");
        routes.get(BASE, ctx -> ctx.redirect(BASE + "/dashboard", HttpStatus.SEE_OTHER));
        routes.get(BASE + "/login", area.open(this::loginPage));
        routes.post(BASE + "/login", area.open(this::login));
        routes.post(BASE + "/logout", area.signedIn(this::logout));
        routes.get(BASE + "/dashboard", area.signedIn(this::dashboard));
        routes.get(BASE + "/clients", area.signedIn(this::clients));
        routes.post(BASE + "/clients", area.signedIn(this::createClient));
        routes.get(BASE + "/client", area.signedIn(this::client));
        routes.post(BASE + "/client/rotate", area.signedIn(this::rotateClient));
        routes.get(BASE + "/client/delete", area.signedIn(this::confirmDeleteClient));
        routes.post(BASE + "/client/delete", area.signedIn(this::deleteClient));
        routes.get(BASE + "/users", area.signedIn(this::users));
        routes.post(BASE + "/users", area.signedIn(this::createUser));
        routes.get(BASE + "/user", area.signedIn(this::user));
        routes.post(BASE + "/user", area.signedIn(this::updateUser));
        routes.post(BASE + "/user/password", area.signedIn(this::resetPassword));
        routes.post(BASE + "/user/unlock", area.signedIn(this::unlockUser));
        routes.post(BASE + "/user/sessions/revoke", area.signedIn(this::revokeSession));
        routes.post(BASE + "/user/mfa/enroll", area.signedIn(this::enrollMfa));
        routes.post(BASE + "/user/mfa/reset", area.signedIn(this::resetMfa));
        routes.get(BASE + "/apis", area.signedIn(this::apis));
        routes.post(BASE + "/apis", area.signedIn(this::createApi));
        routes.get(BASE + "/keys", area.signedIn(this::keys));
        routes.post(BASE + "/keys/rotate", area.signedIn(this::rotateKeys));
        routes.get(BASE + "/lockouts", area.signedIn(this::lockouts));
        routes.post(BASE + "/lockouts/unlock", area.signedIn(this::unlockLockout));
        routes.get(BASE + "/audit", area.signedIn(this::auditPage));
    }

    // sign-in

    private void loginPage(Context ctx, WebSessions.WebSession session) {
        if (session.user != null) {
            ctx.redirect(BASE + "/dashboard", HttpStatus.SEE_OTHER);
            return;
        }
        area.render(ctx, 200, "login.jte", area.params(session, "Sign in to the console", "error", null,
                "username", "", "signup", false));
    }

    private void login(Context ctx, WebSessions.WebSession session) {
        area.throttle.handle(ctx);
        String username = Forms.text(ctx, "username");
        try {
            Identity user = signIn.signIn(ORIGIN, username, ctx.formParam("password"), area.clientIp(ctx),
                    Api.ADMIN_SCOPE);
            area.endSession(ctx, session);
            area.startSession(ctx, user);
            ctx.redirect(BASE + "/dashboard", HttpStatus.SEE_OTHER);
        } catch (PasswordSignIn.Refused e) {
            if (e.locked) {
                ctx.header("Retry-After", Long.toString(e.retryAfter));
            }
            String error = e.locked ? "Too many failed sign-ins for this username. Try again later."
                    : "Wrong username or password.";
            area.render(ctx, e.locked ? 429 : 401, "login.jte", area.params(session, "Sign in to the console",
                    "error", error, "username", username, "signup", false));
        }
    }

    private void logout(Context ctx, WebSessions.WebSession session) {
        area.endSession(ctx, session);
        ctx.redirect(BASE + "/login", HttpStatus.SEE_OTHER);
    }

    // dashboard

    private void dashboard(Context ctx, WebSessions.WebSession session) {
        long now = clock.instant().getEpochSecond();
        area.render(ctx, 200, "console/dashboard.jte", area.params(session, "Dashboard",
                "chart", Chart.of(admin.audit(), clock.instant()),
                "waiting", queue.waiting(), "queued", pool.queued(),
                "keys", admin.keys().list().stream().filter(k -> !"retired".equals(k.state())).toList(),
                "now", now, "directories", admin.directories().list(), "defaultDirectory", directories.byDefault().name(),
                "storageReachable", storageReachable.getAsBoolean()));
    }

    // clients

    private void clients(Context ctx, WebSessions.WebSession session) {
        renderClients(ctx, session, 200, Map.of(), Map.of());
    }

    private void renderClients(Context ctx, WebSessions.WebSession session, int status, Map<String, String> errors,
            Map<String, String> form) {
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        List<Client> clients = admin.clients().list().stream()
                .filter(c -> q.isEmpty() || c.id().toLowerCase().contains(q.toLowerCase())).toList();
        area.render(ctx, status, "console/clients.jte", area.params(session, "Clients", "clients", clients, "q", q,
                "errors", errors, "form", form, "grants", GRANTS));
    }

    private void createClient(Context ctx, WebSessions.WebSession session) {
        String id = Forms.text(ctx, "id");
        String method = Forms.text(ctx, "auth_method");
        List<String> grants = ctx.formParams("grant_types");
        boolean isPublic = "none".equals(method);
        try {
            ClientSpec spec = new ClientSpec(id, null, !isPublic, grants.isEmpty() ? null : grants,
                    Forms.words(ctx.formParam("scopes")), Forms.number(ctx, "access_token_ttl"),
                    Forms.optional(ctx, "refresh_token_policy"), method.isEmpty() ? null : List.of(method), null, null);
            Clients.Registered registered;
            synchronized (writes) {
                registered = admin.clients().register(spec);
            }
            change(ctx, session, "create", "client", id, null, Entries.of(registered.client()));
            if (registered.secret() != null) {
                session.flash = Map.of("secret", registered.secret(), "for", id);
            }
            ctx.redirect(BASE + "/client?id=" + Forms.encode(id), HttpStatus.SEE_OTHER);
        } catch (AdminException.Invalid | AdminException.Conflict e) {
            renderClients(ctx, session, 400, Forms.errors(e), Map.of("id", id, "scopes", Forms.text(ctx, "scopes"),
                    "auth_method", method, "access_token_ttl", Forms.text(ctx, "access_token_ttl")));
        }
    }

    private void client(Context ctx, WebSessions.WebSession session) {
        Client client = admin.clients().get(required(ctx, "id"));
        Map<String, String> flash = session.takeFlash();
        String secret = client.id().equals(flash.get("for")) ? flash.get("secret") : null;
        area.render(ctx, 200, "console/client.jte", area.params(session, "Client " + client.id(), "client", client,
                "secret", secret));
    }

    private void rotateClient(Context ctx, WebSessions.WebSession session) {
        String id = required(ctx, "id");
        Clients.Registered rotated;
        synchronized (writes) {
            rotated = admin.clients().rotateSecret(id, 0);
        }
        change(ctx, session, "rotate_secret", "client", id, null, Map.of("keep_old_for_seconds", 0));
        session.flash = Map.of("secret", rotated.secret(), "for", id);
        ctx.redirect(BASE + "/client?id=" + Forms.encode(id), HttpStatus.SEE_OTHER);
    }

    private void confirmDeleteClient(Context ctx, WebSessions.WebSession session) {
        Client client = admin.clients().get(required(ctx, "id"));
        area.render(ctx, 200, "console/confirm.jte", area.params(session, "Delete client " + client.id(),
                "question", "Delete the client '" + client.id() + "' and revoke its tokens? This cannot be undone.",
                "action", BASE + "/client/delete", "name", "id", "value", client.id(),
                "back", BASE + "/client?id=" + Forms.encode(client.id())));
    }

    private void deleteClient(Context ctx, WebSessions.WebSession session) {
        String id = required(ctx, "id");
        Client before;
        synchronized (writes) {
            before = admin.clients().get(id);
            admin.clients().remove(id);
        }
        change(ctx, session, "delete", "client", id, Entries.of(before), null);
        ctx.redirect(BASE + "/clients", HttpStatus.SEE_OTHER);
    }

    // users

    private void users(Context ctx, WebSessions.WebSession session) {
        renderUsers(ctx, session, 200, Map.of(), Map.of());
    }

    private void renderUsers(Context ctx, WebSessions.WebSession session, int status, Map<String, String> errors,
            Map<String, String> form) {
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        Page<Identity> page = admin.users().list(q, cursor(ctx), PAGE);
        area.render(ctx, status, "console/users.jte", area.params(session, "Users", "users", page.items(),
                "next", page.next(), "q", q, "errors", errors, "form", form));
    }

    private void createUser(Context ctx, WebSessions.WebSession session) {
        String username = Forms.text(ctx, "username");
        try {
            UserSpec spec = new UserSpec(username, Forms.words(ctx.formParam("scopes")), profile(ctx));
            Identity created;
            synchronized (writes) {
                created = admin.users().add(spec, ctx.formParam("password"));
            }
            change(ctx, session, "create", "user", created.id(), null, Entries.of(created));
            ctx.redirect(BASE + "/user?username=" + Forms.encode(created.username()), HttpStatus.SEE_OTHER);
        } catch (AdminException.Invalid | AdminException.Conflict e) {
            renderUsers(ctx, session, 400, Forms.errors(e), Map.of("username", username,
                    "scopes", Forms.text(ctx, "scopes"), "email", Forms.text(ctx, "email"),
                    "name", Forms.text(ctx, "name")));
        }
    }

    private void user(Context ctx, WebSessions.WebSession session) {
        renderUser(ctx, session, 200, admin.users().get(required(ctx, "username")), Map.of(), null);
    }

    private void renderUser(Context ctx, WebSessions.WebSession session, int status, Identity user,
            Map<String, String> errors, String notice) {
        renderUser(ctx, session, status, user, errors, notice, null);
    }

    private void renderUser(Context ctx, WebSessions.WebSession session, int status, Identity user,
            Map<String, String> errors, String notice, MultiFactor.Enrolment enrolment) {
        if (enrolment != null) {
            // the secret and recovery code are on this page only: it must not be kept anywhere
            ctx.header("Cache-Control", "no-store");
        }
        area.render(ctx, status, "console/user.jte", area.params(session, "User " + user.username(), "u", user,
                "sessions", admin.sessions().list(user), "errors", errors, "notice", notice,
                "authenticators", admin.mfa().list(user.username()), "enrolment", enrolment,
                "qr", enrolment == null ? null : QrSvg.of(enrolment.uri())));
    }

    private void enrollMfa(Context ctx, WebSessions.WebSession session) {
        Identity user = admin.users().get(required(ctx, "username"));
        try {
            MultiFactor.Enrolment enrolment = admin.mfa().enroll(user.username());
            change(ctx, session, "enroll", "authenticator", enrolment.id(), null, Map.of("username", user.username()));
            renderUser(ctx, session, 200, user, Map.of(), "Authenticator enrolled and active. Give the user the "
                    + "secret (or the QR code) and the recovery code now: they are not shown again.", enrolment);
        } catch (AdminException.Conflict e) {
            renderUser(ctx, session, 409, user, Map.of("mfa", e.getMessage()), null);
        }
    }

    private void resetMfa(Context ctx, WebSessions.WebSession session) {
        Identity user = admin.users().get(required(ctx, "username"));
        int removed = admin.mfa().reset(user.username());
        change(ctx, session, "reset", "authenticator", user.id(), Map.of("authenticators", removed), null);
        renderUser(ctx, session, 200, user, Map.of(), "Second factors reset (" + removed + " authenticator"
                + (removed == 1 ? "" : "s") + " removed).");
    }

    private void updateUser(Context ctx, WebSessions.WebSession session) {
        Identity before = admin.users().get(required(ctx, "username"));
        try {
            Identity after;
            synchronized (writes) {
                after = admin.users().update(before.username(), new UserSpec(before.username(),
                        Forms.words(ctx.formParam("scopes")), profile(ctx)));
            }
            change(ctx, session, "update", "user", after.id(), Entries.of(before), Entries.of(after));
            renderUser(ctx, session, 200, after, Map.of(), "Saved.");
        } catch (AdminException.Invalid | AdminException.Conflict e) {
            renderUser(ctx, session, 400, before, Forms.errors(e), null);
        }
    }

    private void resetPassword(Context ctx, WebSessions.WebSession session) {
        Identity user = admin.users().get(required(ctx, "username"));
        try {
            synchronized (writes) {
                admin.users().setPassword(user.username(), ctx.formParam("password"));
            }
            area.sessions.endAll(user.id());
            change(ctx, session, "set_password", "user", user.id(), null, null);
            renderUser(ctx, session, 200, user, Map.of(), "Password set; the user's sessions were revoked.");
        } catch (AdminException.Invalid e) {
            renderUser(ctx, session, 400, user, Forms.errors(e), null);
        }
    }

    private void unlockUser(Context ctx, WebSessions.WebSession session) {
        Identity user = admin.users().get(required(ctx, "username"));
        admin.users().unlock(user.username());
        change(ctx, session, "unlock", "user", user.id(), null, Map.of("username", user.username()));
        renderUser(ctx, session, 200, user, Map.of(), "Failed logins cleared; the user may sign in.");
    }

    private void revokeSession(Context ctx, WebSessions.WebSession session) {
        Identity user = admin.users().get(required(ctx, "username"));
        String family = required(ctx, "family");
        admin.sessions().revoke(user, family);
        change(ctx, session, "revoke_sessions", "session", family, null, null);
        renderUser(ctx, session, 200, user, Map.of(), "Session revoked.");
    }

    // APIs, keys, lockouts, audit

    private void apis(Context ctx, WebSessions.WebSession session) {
        renderApis(ctx, session, 200, Map.of(), Map.of());
    }

    private void renderApis(Context ctx, WebSessions.WebSession session, int status, Map<String, String> errors,
            Map<String, String> form) {
        area.render(ctx, status, "console/apis.jte", area.params(session, "APIs", "apis", admin.apis().list(),
                "errors", errors, "form", form));
    }

    private void createApi(Context ctx, WebSessions.WebSession session) {
        String identifier = Forms.text(ctx, "identifier");
        try {
            Api api = new Api(identifier, Set.copyOf(Forms.words(ctx.formParam("scopes"))),
                    Forms.optional(ctx, "token_format"), Forms.number(ctx, "access_token_ttl"),
                    Forms.optional(ctx, "signing_alg"), Forms.optional(ctx, "token_typ"));
            synchronized (writes) {
                admin.apis().add(api);
            }
            change(ctx, session, "create", "api", identifier, null, Entries.of(api));
            ctx.redirect(BASE + "/apis", HttpStatus.SEE_OTHER);
        } catch (AdminException.Invalid | AdminException.Conflict e) {
            renderApis(ctx, session, 400, Forms.errors(e), Map.of("identifier", identifier,
                    "scopes", Forms.text(ctx, "scopes")));
        }
    }

    private void keys(Context ctx, WebSessions.WebSession session) {
        area.render(ctx, 200, "console/keys.jte", area.params(session, "Signing keys", "keys", admin.keys().list(),
                "now", clock.instant().getEpochSecond(), "notice", null));
    }

    private void rotateKeys(Context ctx, WebSessions.WebSession session) {
        String alg = Forms.text(ctx, "alg");
        List<dev.tollgate.store.SigningKey> created;
        synchronized (writes) {
            created = admin.keys().rotate(List.of(alg), 0, null);
        }
        change(ctx, session, "rotate_keys", "key", alg, null,
                Map.of("keys", created.stream().map(dev.tollgate.store.SigningKey::kid).toList()));
        area.render(ctx, 200, "console/keys.jte", area.params(session, "Signing keys", "keys", admin.keys().list(),
                "now", clock.instant().getEpochSecond(), "notice", "New " + alg + " key " + created.get(0).kid()
                        + " signs from now on; the previous one stays published until its tokens expire."));
    }

    private void lockouts(Context ctx, WebSessions.WebSession session) {
        Page<dev.tollgate.store.LoginFailures> page = admin.lockouts().list(cursor(ctx), PAGE);
        area.render(ctx, 200, "console/lockouts.jte", area.params(session, "Lockouts", "lockouts", page.items(),
                "next", page.next(), "now", clock.instant().getEpochSecond()));
    }

    private void unlockLockout(Context ctx, WebSessions.WebSession session) {
        String username = required(ctx, "username");
        admin.lockouts().unlock(username);
        change(ctx, session, "unlock", "lockout", username, null, null);
        ctx.redirect(BASE + "/lockouts", HttpStatus.SEE_OTHER);
    }

    private void auditPage(Context ctx, WebSessions.WebSession session) {
        AuditQuery query = new AuditQuery(ctx.queryParam("type"), ctx.queryParam("username"),
                ctx.queryParam("client_id"), null, null);
        Map<String, String> filters = Map.of("type", nonNull(query.type()), "username", nonNull(query.username()),
                "client_id", nonNull(query.clientId()));
        Page<AuditEvent> page;
        try {
            page = admin.audit().search(query, cursor(ctx), PAGE);
        } catch (AdminException.Invalid e) {
            page = admin.audit().search(query, null, PAGE);
        }
        String nextLink = page.next() == null ? null : BASE + "/audit?type=" + Forms.encode(filters.get("type"))
                + "&username=" + Forms.encode(filters.get("username")) + "&client_id="
                + Forms.encode(filters.get("client_id")) + "&cursor=" + Forms.encode(page.next());
        area.render(ctx, 200, "console/audit.jte", area.params(session, "Audit log", "events", page.items(),
                "filters", filters, "nextLink", nextLink, "types", List.of(AuditLog.TOKEN_ISSUED, AuditLog.LOGIN_FAILED,
                        AuditLog.LOCKOUT_STARTED, AuditLog.LOCKOUT_ENDED, AuditLog.CLIENT_AUTH_FAILED,
                        AuditLog.REFRESH_REUSE_DETECTED, AuditLog.TOKEN_REVOKED, AuditLog.ADMIN_CHANGE)));
    }

    // helpers

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    private static String cursor(Context ctx) {
        String cursor = ctx.queryParam("cursor");
        return cursor == null || cursor.isBlank() ? null : cursor;
    }

    private static String required(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            value = ctx.formParam(name);
        }
        if (value == null || value.isEmpty()) {
            throw new AdminException.NotFound("nothing named: the link is missing its " + name);
        }
        return value;
    }

    /** The OpenID Connect claims of the user forms; an empty field is no claim. */
    private static Profile profile(Context ctx) {
        return new Profile(Forms.optional(ctx, "email"), "on".equals(ctx.formParam("email_verified")),
                Forms.optional(ctx, "name"), Forms.optional(ctx, "given_name"), Forms.optional(ctx, "family_name"),
                Forms.optional(ctx, "phone_number"), "on".equals(ctx.formParam("phone_number_verified")),
                ctx.formParam("address") == null || ctx.formParam("address").isBlank() ? null
                        // browsers send a textarea's line breaks as CRLF
                        : ctx.formParam("address").strip().replace("\r\n", "\n"));
    }

    @SuppressWarnings("unchecked")
    private void change(Context ctx, WebSessions.WebSession session, String operation, String type, String id,
            Object before, Object after) {
        audit.adminChange(new AdminActor(session.user.id(), ORIGIN, area.clientIp(ctx)), operation, type, id,
                before == null ? null : MAPPER.convertValue(before, Map.class),
                after == null ? null : MAPPER.convertValue(after, Map.class));
    }
}
