package dev.tollgate.http.console;

import dev.tollgate.admin.AdminException;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading form fields, and the field errors a page shows next to its inputs. */
public final class Forms {
    private Forms() {}

    static String text(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value.strip();
    }

    /** Null when empty. */
    static String optional(Context ctx, String name) {
        String value = text(ctx, name);
        return value.isEmpty() ? null : value;
    }

    /** Words separated by spaces or commas (scopes). */
    static List<String> words(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split("[\\s,]+")).filter(s -> !s.isEmpty()).distinct().toList();
    }

    static Long number(Context ctx, String name) {
        String value = optional(ctx, name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new AdminException.Invalid(name, "must be a whole number of seconds");
        }
    }

    /** The refusal as an error next to its field; {@code _form} holds one that names no field. */
    static Map<String, String> errors(AdminException e) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (e instanceof AdminException.Invalid invalid) {
            errors.put(invalid.field(), invalid.reason());
        } else {
            errors.put("_form", e.getMessage());
        }
        return errors;
    }

    /** For links in templates: a query parameter's value. */
    public static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    /** A duration for people: "42 s", "5 min", "3 h", "12 days". */
    public static String age(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min";
        }
        if (seconds < 172_800) {
            return seconds / 3600 + " h";
        }
        return seconds / 86_400 + " days";
    }

    public static String time(long epochSecond) {
        return java.time.Instant.ofEpochSecond(epochSecond).toString();
    }
}
