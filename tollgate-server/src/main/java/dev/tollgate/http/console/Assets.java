package dev.tollgate.http.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The few static files the pages use, served by the server itself: htmx from its WebJar, and our
 * stylesheet and script. Read once at start; a fixed list, so no path reaches the class path.
 */
final class Assets {
    private static final String HTMX = "/META-INF/resources/webjars/htmx.org/" + version() + "/dist/htmx.min.js";
    private static final Map<String, String[]> FILES = Map.of(
            "htmx.min.js", new String[] {HTMX, "text/javascript"},
            "console.css", new String[] {"/dev/tollgate/http/console/console.css", "text/css"},
            "console.js", new String[] {"/dev/tollgate/http/console/console.js", "text/javascript"});

    private Assets() {}

    static void register(RoutesConfig routes, String prefix) {
        FILES.forEach((name, file) -> {
            byte[] body = read(file[0]);
            String type = file[1] + "; charset=utf-8";
            routes.get(prefix + name, ctx -> serve(ctx, body, type));
        });
    }

    private static void serve(Context ctx, byte[] body, String type) {
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.header("Content-Security-Policy", Pages.CSP);
        ctx.contentType(type).result(body);
    }

    /** The htmx version the build packaged, from the WebJar's Maven metadata. */
    private static String version() {
        try (InputStream in = Assets.class.getResourceAsStream(
                "/META-INF/maven/org.webjars.npm/htmx.org/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the htmx WebJar is missing from the class path");
            }
            java.util.Properties properties = new java.util.Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = Assets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
