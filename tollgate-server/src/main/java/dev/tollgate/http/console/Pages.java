package dev.tollgate.http.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Renders the precompiled templates (HTML-escaped) and gives every page the same headers: no
 * script but our own files, no framing, no referrer beyond this origin, never cached.
 */
final class Pages {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

    private Pages() {}

    static void headers(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cache-Control", "no-store");
    }

    static void render(Context ctx, int status, String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        ENGINE.render(template, params, out);
        ctx.status(status).contentType("text/html; charset=utf-8").result(out.toString());
    }

    /**
     * The session cookie: never readable by scripts, sent only to this area's paths and only on
     * same-site requests, and only over TLS when the server speaks it.
     */
    static void cookie(Context ctx, String name, String path, String value, long maxAge) {
        StringBuilder cookie = new StringBuilder(name).append('=').append(value)
                .append("; Path=").append(path)
                .append("; Max-Age=").append(maxAge)
                .append("; HttpOnly; SameSite=Strict");
        if ("https".equalsIgnoreCase(ctx.scheme())) {
            cookie.append("; Secure");
        }
        ctx.header("Set-Cookie", cookie.toString());
    }
}
