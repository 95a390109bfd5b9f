package dev.tollgate.http.admin;

import java.util.List;
import java.util.Map;

/**
 * An admin API request refused, rendered as an RFC 9457 problem details object. {@code errors}
 * names the fields at fault (422); {@code headers} go with the response (a challenge, a retry time).
 */
final class ApiProblem extends RuntimeException {
    /** One field at fault: its name in the request body or query, and what is wrong with it. */
    record FieldError(String field, String detail) {}

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, String> headers;
    private final String error;

    ApiProblem(int status, String type, String title, String detail, List<FieldError> errors,
            Map<String, String> headers, String error) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
        this.error = error;
    }

    ApiProblem(int status, String type, String title, String detail) {
        this(status, type, title, detail, List.of(), Map.of(), null);
    }

    static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "malformed-request", "Malformed request", detail);
    }

    static ApiProblem invalid(String field, String detail) {
        return new ApiProblem(422, "validation", "Invalid request content", field + " " + detail,
                List.of(new FieldError(field, detail)), Map.of(), null);
    }

    static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not found", detail);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    String title() {
        return title;
    }

    List<FieldError> errors() {
        return errors;
    }

    Map<String, String> headers() {
        return headers;
    }

    /** The RFC 6750 or RFC 6749 error code, for problems that stand for one; else null. */
    String error() {
        return error;
    }
}
