package dev.tollgate.admin.transfer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;

/**
 * A Keycloak password credential as the PHC string Tollgate stores. Keycloak (12 and later) keeps
 * it in two strings that hold JSON: {@code credentialData}, with {@code algorithm},
 * {@code hashIterations} and, for Argon2, {@code additionalParameters} ({@code type},
 * {@code version}, {@code memory}, {@code parallelism}, {@code hashLength}, each a one-element
 * list), and {@code secretData}, with the base64 {@code value} and {@code salt}. PBKDF2's key
 * length is the length of the decoded value.
 */
final class KeycloakCredentials {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private KeycloakCredentials() {}

    static String stored(JsonNode credential) {
        JsonNode data = embedded(credential, "credentialData");
        JsonNode secret = embedded(credential, "secretData");
        String algorithm = text(data, "algorithm", "credentialData");
        String value = text(secret, "value", "secretData");
        if (algorithm.equals("bcrypt") && value.startsWith("$2")) {
            return value;
        }
        byte[] hash = base64(value, "secretData.value");
        byte[] salt = base64(text(secret, "salt", "secretData"), "secretData.salt");
        JsonNode iterations = data.get("hashIterations");
        if (iterations == null || !iterations.isIntegralNumber() || iterations.asLong() < 1) {
            throw new FieldError("credentials.credentialData.hashIterations", "must be a positive whole number");
        }
        return switch (algorithm) {
            case "pbkdf2" -> pbkdf2("sha1", iterations.asLong(), salt, hash);
            case "pbkdf2-sha256" -> pbkdf2("sha256", iterations.asLong(), salt, hash);
            case "pbkdf2-sha512" -> pbkdf2("sha512", iterations.asLong(), salt, hash);
            case "argon2" -> argon2(data.path("additionalParameters"), iterations.asLong(), salt, hash);
            default -> throw new FieldError("credentials.credentialData.algorithm",
                    "'" + algorithm + "' is not supported (pbkdf2, pbkdf2-sha256, pbkdf2-sha512, argon2)");
        };
    }

    private static String pbkdf2(String digest, long iterations, byte[] salt, byte[] hash) {
        return "$pbkdf2-" + digest + "$i=" + iterations + ",l=" + hash.length + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(hash);
    }

    private static String argon2(JsonNode params, long iterations, byte[] salt, byte[] hash) {
        String type = parameter(params, "type", "id");
        if (!type.equals("id") && !type.equals("i") && !type.equals("d")) {
            throw new FieldError("credentials.credentialData.additionalParameters.type", "must be id, i or d");
        }
        String version = switch (parameter(params, "version", "1.3")) {
            case "1.3" -> "19";
            case "1.0" -> "16";
            default -> throw new FieldError("credentials.credentialData.additionalParameters.version", "must be 1.3 or 1.0");
        };
        String memory = parameter(params, "memory", "7168");
        String parallelism = parameter(params, "parallelism", "1");
        if (!memory.matches("[0-9]{1,9}") || !parallelism.matches("[0-9]{1,3}")) {
            throw new FieldError("credentials.credentialData.additionalParameters", "memory and parallelism must be numbers");
        }
        return "$argon2" + type + "$v=" + version + "$m=" + memory + ",t=" + iterations + ",p=" + parallelism + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Keycloak writes each additional parameter as a list of one string. */
    private static String parameter(JsonNode params, String name, String otherwise) {
        JsonNode value = params.path(name);
        if (value.isArray() && value.size() == 1 && value.get(0).isTextual()) {
            return value.get(0).asText();
        }
        if (value.isMissingNode()) {
            return otherwise;
        }
        throw new FieldError("credentials.credentialData.additionalParameters." + name, "must be a list of one string");
    }

    private static JsonNode embedded(JsonNode credential, String field) {
        String text = Json.text(credential, field);
        if (text == null) {
            throw new FieldError("credentials." + field, "is required (Keycloak 12 or later writes it)");
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (!node.isObject()) {
                throw new FieldError("credentials." + field, "must hold a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new FieldError("credentials." + field, "must hold JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new FieldError("credentials." + where + "." + field, "is required");
        }
        return value.asText();
    }

    private static byte[] base64(String value, String field) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new FieldError("credentials." + field, "is not base64");
        }
    }
}
