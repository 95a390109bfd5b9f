package dev.tollgate.identity;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pieces of a PHC string ({@code $id$param=value,...$salt$hash}) as the imported formats write
 * them: base64 with or without padding, and passlib's variant that writes {@code .} for {@code +}.
 */
final class PhcString {
    private PhcString() {}

    /** The {@code $}-separated fields after the leading {@code $}; null unless there are {@code count}. */
    static String[] fields(String encoded, int count) {
        if (!encoded.startsWith("$")) {
            return null;
        }
        String[] parts = encoded.substring(1).split("\\$", -1);
        return parts.length == count ? parts : null;
    }

    /** {@code a=1,b=2} as a map; throws IllegalArgumentException when malformed. */
    static Map<String, String> params(String field) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : field.split(",", -1)) {
            int eq = pair.indexOf('=');
            if (eq < 1 || params.put(pair.substring(0, eq), pair.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("parameter " + pair);
            }
        }
        return params;
    }

    static int intParam(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return Integer.parseInt(value);
    }

    /** Throws IllegalArgumentException when not base64. */
    static byte[] base64(String value) {
        return Base64.getDecoder().decode(value.replace('.', '+'));
    }
}
