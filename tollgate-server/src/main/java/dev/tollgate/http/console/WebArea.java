package dev.tollgate.http.console;

import dev.tollgate.Unavailable;
import dev.tollgate.admin.AdminException;
import dev.tollgate.http.AddressThrottle;
import dev.tollgate.http.HttpServer;
import dev.tollgate.oauth.OAuthException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import dev.tollgate.identity.Identity;

/**
 * What the console and the portal share for every request: the page headers, the session from
 * its cookie, the CSRF check of every POST, and refusals rendered as pages rather than JSON.
 */
final class WebArea {
    static final String CSRF_FIELD = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";

    final String base;
    final String name;
    private final String cookie;
    final WebSessions sessions;
    final AddressThrottle throttle;
    private final Predicate<Identity> allowed;

    /** @param allowed whether a signed-in user may still use this area (checked at every request: a removed scope ends the session) */
    WebArea(String base, String name, WebSessions sessions, AddressThrottle throttle, Predicate<Identity> allowed) {
        this.allowed = allowed;
        this.base = base;
        this.name = name;
        this.cookie = "tollgate_" + name;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    interface Page {
        void handle(Context ctx, WebSessions.WebSession session);
    }

    /** A page anyone may see (sign-in, sign-up): a session is started for its form's CSRF token. */
    Handler open(Page page) {
        return ctx -> run(ctx, page, false);
    }

    /** A page for a signed-in user only; anyone else is sent to sign in. */
    Handler signedIn(Page page) {
        return ctx -> run(ctx, page, true);
    }

    private void run(Context ctx, Page page, boolean needsUser) {
        Pages.headers(ctx);
        WebSessions.WebSession session = sessions.find(ctx.cookie(cookie));
        boolean post = "POST".equals(ctx.method().name());
        try {
            if (session != null && session.user != null && !allowed.test(session.user)) {
                sessions.end(session);
                session = null;
            }
            if (session == null || (needsUser && session.user == null)) {
                if (post) {
                    // a form of a session that has ended: nothing is done, the user signs in again
                    refuse(ctx, 403, "Session ended", "Your session has ended. Sign in again.");
                    return;
                }
                if (session == null) {
                    session = startSession(ctx, null);
                }
                if (needsUser) {
                    ctx.redirect(base + "/login", HttpStatus.SEE_OTHER);
                    return;
                }
            }
            if (post) {
                String submitted = ctx.header(CSRF_HEADER);
                if (submitted == null) {
                    submitted = ctx.formParam(CSRF_FIELD);
                }
                if (!session.csrfMatches(submitted)) {
                    refuse(ctx, 403, "Request refused",
                            "This form did not come from this page (its security token is missing or wrong). "
                                    + "Reload the page and try again.");
                    return;
                }
            }
            page.handle(ctx, session);
        } catch (AdminException.NotFound e) {
            refuse(ctx, 404, "Not found", e.getMessage());
        } catch (AdminException.Invalid e) {
            // a page shows a field's error next to the field; this is a request no page's form sends
            refuse(ctx, 400, "Not accepted", e.getMessage());
        } catch (AdminException.Conflict e) {
            refuse(ctx, 409, "Not accepted", e.getMessage());
        } catch (OAuthException e) {
            e.headers().forEach(ctx::header);
            refuse(ctx, e.error().status(), "Too many requests", e.error().description());
        } catch (Unavailable e) {
            ctx.header("Retry-After", "1");
            refuse(ctx, 503, "Temporarily unavailable", e.description() + "; try again in a moment.");
        }
    }

    /** A new session with its cookie. */
    WebSessions.WebSession startSession(Context ctx, Identity user) {
        WebSessions.WebSession session = sessions.start(user);
        Pages.cookie(ctx, cookie, base, session.token, sessions.idleSeconds());
        return session;
    }

    void endSession(Context ctx, WebSessions.WebSession session) {
        sessions.end(session);
        Pages.cookie(ctx, cookie, base, "", 0);
    }

    String clientIp(Context ctx) {
        return HttpServer.clientAddress(ctx).getHostAddress();
    }

    /** The parameters every page's layout needs, plus the page's own. */
    Map<String, Object> params(WebSessions.WebSession session, String title, Object... more) {
        Map<String, Object> params = new HashMap<>();
        params.put("title", title);
        params.put("area", name);
        params.put("csrf", session == null ? "" : session.csrf);
        params.put("user", session == null || session.user == null ? null : session.user.username());
        for (int i = 0; i < more.length; i += 2) {
            params.put((String) more[i], more[i + 1]);
        }
        return params;
    }

    void refuse(Context ctx, int status, String title, String message) {
        Pages.render(ctx, status, "message.jte", params(null, title, "message", message, "base", base));
    }

    void render(Context ctx, int status, String template, Map<String, Object> params) {
        params.putIfAbsent("base", base);
        Pages.render(ctx, status, template, params);
    }
}
