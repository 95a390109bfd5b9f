package dev.tollgate.admin.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Typed reads of a record's JSON fields; a wrong type is a {@link FieldError} naming the field. */
final class Json {
    private Json() {}

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new FieldError(field, "must be a string");
        }
        return value.asText();
    }

    static String requiredText(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isEmpty()) {
            throw new FieldError(field, "is required");
        }
        return value;
    }

    static boolean bool(JsonNode node, String field, boolean otherwise) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            throw new FieldError(field, "must be true or false");
        }
        return value.asBoolean();
    }

    static Boolean optionalBool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : bool(node, field, false);
    }

    static Long optionalLong(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new FieldError(field, "must be a whole number");
        }
        return value.asLong();
    }

    /** A list of strings; null when absent. */
    static List<String> strings(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new FieldError(field, "must be a list of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new FieldError(field, "must be a list of strings");
            }
            values.add(item.asText());
        }
        return values;
    }

    static JsonNode object(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new FieldError(field, "must be an object");
        }
        return value;
    }
}
