package dev.tollgate.http.admin;

import dev.tollgate.Unavailable;
import dev.tollgate.admin.AdminException;
import dev.tollgate.http.BodyTooLarge;
import dev.tollgate.oauth.OAuthError;
import dev.tollgate.oauth.OAuthException;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders refusals as RFC 9457 problem details ({@code application/problem+json}). The
 * {@code type} is a URN naming the kind of problem, documented in the admin API's reference.
 */
final class Problems {
    static final String TYPE_PREFIX = "urn:tollgate:problem:";
    static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {}

    /** The problem an exception stands for, or null when it is not one the admin API answers itself. */
    static ApiProblem of(Exception e) {
        if (e instanceof ApiProblem problem) {
            return problem;
        }
        if (e instanceof AdminException.NotFound) {
            return ApiProblem.notFound(e.getMessage());
        }
        if (e instanceof AdminException.Conflict) {
            return new ApiProblem(409, "conflict", "Conflict", e.getMessage());
        }
        if (e instanceof AdminException.Invalid invalid) {
            return ApiProblem.invalid(invalid.field(), invalid.reason());
        }
        if (e instanceof OAuthException oauth) {
            return fromOAuth(oauth.error(), oauth.headers());
        }
        if (e instanceof BodyTooLarge) {
            return new ApiProblem(413, "payload-too-large", "Payload too large", e.getMessage());
        }
        if (e instanceof Unavailable unavailable) {
            return new ApiProblem(503, "unavailable", "Service unavailable", unavailable.description(), List.of(),
                    Map.of("Retry-After", "1"), "temporarily_unavailable");
        }
        return null;
    }

    /** Bearer token errors (RFC 6750) and rate limits keep their headers and error code. */
    private static ApiProblem fromOAuth(OAuthError error, Map<String, String> headers) {
        String slug = switch (error.status()) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 429 -> "too-many-requests";
            default -> "malformed-request";
        };
        String title = switch (error.status()) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 429 -> "Too many requests";
            default -> "Malformed request";
        };
        return new ApiProblem(error.status(), slug, title, error.description(), List.of(), headers, error.code());
    }

    static void render(Context ctx, ApiProblem problem) {
        problem.headers().forEach(ctx::header);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        if (problem.getMessage() != null) {
            body.put("detail", problem.getMessage());
        }
        body.put("instance", ctx.path());
        if (problem.error() != null) {
            body.put("error", problem.error());
        }
        if (!problem.errors().isEmpty()) {
            body.put("errors", problem.errors().stream()
                    .map(error -> Map.of("field", error.field(), "detail", error.detail()))
                    .toList());
        }
        ctx.status(problem.status()).contentType(MEDIA_TYPE).result(Json.write(body));
    }
}
