package dev.tollgate.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.oauth.OAuthError;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes JSON bodies and RFC 6749 error objects. */
final class Responses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Responses() {}

    static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serialisable", e);
        }
    }

    static void error(Context ctx, OAuthError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.code());
        if (error.description() != null) {
            body.put("error_description", error.description());
        }
        body.putAll(error.extra());
        json(ctx, error.status(), body);
    }

    /** Token responses and errors must not be cached (RFC 6749 section 5.1). */
    static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
    }
}
