package dev.tollgate.http.console;

import dev.tollgate.admin.AdminException;
import dev.tollgate.admin.Applications;
import dev.tollgate.admin.UserSpec;
import dev.tollgate.admin.Users;
import dev.tollgate.http.AddressThrottle;
import dev.tollgate.http.RouteGroup;
import dev.tollgate.identity.BruteForceGuard;
import dev.tollgate.identity.Directories;
import dev.tollgate.identity.Identity;
import dev.tollgate.identity.LoginQueue;
import dev.tollgate.observe.AuditLog;
import dev.tollgate.store.Application;
import dev.tollgate.store.Profile;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The developer portal under {@code /portal}: developers (database users holding
 * {@code tollgate:developer}) sign up when self sign-up is on, create applications (confidential
 * clients they alone can see), generate their keys and try the password grant against this server.
 */
public final class PortalRoutes implements RouteGroup {
    public static final String BASE = "/portal";
    public static final String ORIGIN = "tollgate-portal";
    /** The scope that makes a database user a developer who may sign in to the portal. */
    public static final String DEVELOPER_SCOPE = "tollgate:developer";
    static final int MIN_PASSWORD = 8;

    private final Users users;
    private final Applications applications;
    private final PasswordSignIn signIn;
    private final WebArea area;
    private final boolean selfSignup;
    private final TryIt tryIt;
    private final String tokenUrl;

    /** What the portal needs from the server. */
    public record Settings(boolean selfSignup, long idleTimeout, long absoluteTimeout, String tokenUrl,
            boolean includeIssuedAt) {}

    public PortalRoutes(Users users, Applications applications, Directories directories, BruteForceGuard guard,
            LoginQueue queue, AuditLog audit, AddressThrottle throttle, dev.tollgate.oauth.TokenEndpoint tokens,
            java.util.function.Supplier<com.nimbusds.jose.jwk.JWKSet> jwks, Clock clock, Settings settings) {
        this.users = users;
        this.applications = applications;
        this.signIn = new PasswordSignIn(directories, guard, queue, audit);
        this.area = new WebArea(BASE, "portal", new WebSessions(clock, settings.idleTimeout(),
                settings.absoluteTimeout()), throttle,
                user -> holds(directories, user, DEVELOPER_SCOPE));
        this.selfSignup = settings.selfSignup();
        this.tryIt = new TryIt(tokens, jwks, settings.includeIssuedAt());
        this.tokenUrl = settings.tokenUrl();
    }

    @Override
    public List<String> paths() {
        return List.of(BASE + "/login", BASE + "/signup", BASE + "/apps", BASE + "/app");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(BASE, ctx -> ctx.redirect(BASE + "/apps", HttpStatus.SEE_OTHER));
        routes.get(BASE + "/login", area.open(this::loginPage));
        routes.post(BASE + "/login", area.open(this::login));
        routes.get(BASE + "/signup", area.open(this::signupPage));
        routes.post(BASE + "/signup", area.open(this::signup));
        routes.post(BASE + "/logout", area.signedIn(this::logout));
        routes.get(BASE + "/apps", area.signedIn(this::apps));
        routes.post(BASE + "/apps", area.signedIn(this::create));
        routes.get(BASE + "/app", area.signedIn(this::app));
        routes.post(BASE + "/app/keys", area.signedIn(this::generateKeys));
        routes.get(BASE + "/app/delete", area.signedIn(this::confirmDelete));
        routes.post(BASE + "/app/delete", area.signedIn(this::delete));
        routes.get(BASE + "/app/try", area.signedIn(this::tryPage));
        routes.post(BASE + "/app/try", area.signedIn(this::runTry));
    }

    private void loginPage(Context ctx, WebSessions.WebSession session) {
        if (session.user != null) {
            ctx.redirect(BASE + "/apps", HttpStatus.SEE_OTHER);
            return;
        }
        area.render(ctx, 200, "login.jte", area.params(session, "Sign in to the developer portal", "error", null,
                "username", "", "signup", selfSignup));
    }

    private void login(Context ctx, WebSessions.WebSession session) {
        area.throttle.handle(ctx);
        String username = Forms.text(ctx, "username");
        try {
            Identity user = signIn.signIn(ORIGIN, username, ctx.formParam("password"), area.clientIp(ctx),
                    DEVELOPER_SCOPE);
            area.endSession(ctx, session);
            area.startSession(ctx, user);
            ctx.redirect(BASE + "/apps", HttpStatus.SEE_OTHER);
        } catch (PasswordSignIn.Refused e) {
            if (e.locked) {
                ctx.header("Retry-After", Long.toString(e.retryAfter));
            }
            area.render(ctx, e.locked ? 429 : 401, "login.jte", area.params(session, "Sign in to the developer portal",
                    "error", e.locked ? "Too many failed sign-ins for this username. Try again later."
                            : "Wrong username or password.",
                    "username", username, "signup", selfSignup));
        }
    }

    private void signupPage(Context ctx, WebSessions.WebSession session) {
        if (!selfSignup) {
            throw new AdminException.NotFound("Sign-up is not open on this server; ask an administrator for an account.");
        }
        area.render(ctx, 200, "portal/signup.jte", area.params(session, "Create a developer account",
                "errors", Map.of(), "form", Map.of()));
    }

    private void signup(Context ctx, WebSessions.WebSession session) {
        if (!selfSignup) {
            throw new AdminException.NotFound("Sign-up is not open on this server; ask an administrator for an account.");
        }
        area.throttle.handle(ctx);
        String username = Forms.text(ctx, "username");
        String email = Forms.text(ctx, "email");
        String password = ctx.formParam("password");
        try {
            if (email.isEmpty() || !email.matches("[^@\\s]+@[^@\\s]+")) {
                throw new AdminException.Invalid("email", "must be an email address");
            }
            if (password == null || password.length() < MIN_PASSWORD) {
                throw new AdminException.Invalid("password", "must be at least " + MIN_PASSWORD + " characters");
            }
            Identity user = users.add(new UserSpec(username, List.of(DEVELOPER_SCOPE),
                    new Profile(email, false, null, null, null, null)), password);
            area.endSession(ctx, session);
            area.startSession(ctx, user);
            ctx.redirect(BASE + "/apps", HttpStatus.SEE_OTHER);
        } catch (AdminException.Invalid | AdminException.Conflict e) {
            area.render(ctx, 400, "portal/signup.jte", area.params(session, "Create a developer account",
                    "errors", e instanceof AdminException.Conflict ? Map.of("username", "is taken; choose another")
                            : Forms.errors(e), "form", Map.of("username", username, "email", email)));
        }
    }

    private void logout(Context ctx, WebSessions.WebSession session) {
        area.endSession(ctx, session);
        ctx.redirect(BASE + "/login", HttpStatus.SEE_OTHER);
    }

    private void apps(Context ctx, WebSessions.WebSession session) {
        renderApps(ctx, session, 200, Map.of(), "");
    }

    private void renderApps(Context ctx, WebSessions.WebSession session, int status, Map<String, String> errors,
            String name) {
        area.render(ctx, status, "portal/apps.jte", area.params(session, "Applications",
                "apps", applications.list(session.user), "grants", applications.allowedGrants(),
                "errors", errors, "name", name));
    }

    private void create(Context ctx, WebSessions.WebSession session) {
        String name = Forms.text(ctx, "name");
        try {
            Applications.Keys created = applications.create(session.user, name, ctx.formParams("grant_types"));
            ctx.redirect(BASE + "/app?id=" + Forms.encode(created.application().clientId()), HttpStatus.SEE_OTHER);
        } catch (AdminException.Invalid e) {
            renderApps(ctx, session, 400, Forms.errors(e), name);
        }
    }

    private void app(Context ctx, WebSessions.WebSession session) {
        Application app = applications.get(session.user, required(ctx));
        Map<String, String> flash = session.takeFlash();
        String secret = app.clientId().equals(flash.get("for")) ? flash.get("secret") : null;
        area.render(ctx, 200, "portal/app.jte", area.params(session, app.name(), "app", app, "secret", secret,
                "tokenUrl", tokenUrl));
    }

    private void generateKeys(Context ctx, WebSessions.WebSession session) {
        Applications.Keys keys = applications.regenerate(session.user, required(ctx));
        session.flash = Map.of("secret", keys.secret(), "for", keys.application().clientId());
        ctx.redirect(BASE + "/app?id=" + Forms.encode(keys.application().clientId()), HttpStatus.SEE_OTHER);
    }

    private void confirmDelete(Context ctx, WebSessions.WebSession session) {
        Application app = applications.get(session.user, required(ctx));
        area.render(ctx, 200, "console/confirm.jte", area.params(session, "Delete " + app.name(),
                "question", "Delete the application '" + app.name() + "'? Its keys stop working at once.",
                "action", BASE + "/app/delete", "name", "id", "value", app.clientId(),
                "back", BASE + "/app?id=" + Forms.encode(app.clientId())));
    }

    private void delete(Context ctx, WebSessions.WebSession session) {
        applications.remove(session.user, required(ctx));
        ctx.redirect(BASE + "/apps", HttpStatus.SEE_OTHER);
    }

    private void tryPage(Context ctx, WebSessions.WebSession session) {
        Application app = applications.get(session.user, required(ctx));
        area.render(ctx, 200, "portal/try.jte", area.params(session, "Try it: " + app.name(), "app", app,
                "result", null, "username", "", "scope", "openid profile email",
                "curl", TryIt.curl(tokenUrl, app.clientId(), "USERNAME", "openid profile email")));
    }

    private void runTry(Context ctx, WebSessions.WebSession session) {
        area.throttle.handle(ctx);
        Application app = applications.get(session.user, required(ctx));
        String username = Forms.text(ctx, "username");
        String scope = Forms.text(ctx, "scope");
        TryIt.Result result = tryIt.run(app.clientId(), ctx.formParam("client_secret"), username,
                ctx.formParam("password"), scope, area.clientIp(ctx));
        area.render(ctx, 200, "portal/try.jte", area.params(session, "Try it: " + app.name(), "app", app,
                "result", result, "username", username, "scope", scope,
                "curl", TryIt.curl(tokenUrl, app.clientId(), username.isEmpty() ? "USERNAME" : username, scope)));
    }

    /** Whether the user still exists and still holds the scope. */
    static boolean holds(Directories directories, Identity user, String scope) {
        return directories.findUser(user.directory(), user.id()).filter(now -> now.scopes().contains(scope)).isPresent();
    }

    private static String required(Context ctx) {
        String value = ctx.queryParam("id");
        if (value == null || value.isEmpty()) {
            value = ctx.formParam("id");
        }
        if (value == null || value.isEmpty()) {
            throw new AdminException.NotFound("no application named: the link is missing its id");
        }
        return value;
    }
}
