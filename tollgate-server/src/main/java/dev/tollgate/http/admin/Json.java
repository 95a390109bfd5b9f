package dev.tollgate.http.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.http.RequestParameters;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * JSON in and out of the admin API, with the configuration file's key names (snake case).
 * Bodies are strict: unknown keys, duplicate keys, wrong types and trailing data are refused.
 */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Json() {}

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serialisable", e);
        }
    }

    static ObjectNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /**
     * The request's JSON object. {@code application/json} and, for {@code PATCH}, RFC 7396's
     * {@code application/merge-patch+json}; any other type is 415.
     */
    static ObjectNode body(Context ctx) {
        String type = ctx.header("Content-Type");
        String base = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json") && !base.equals("application/merge-patch+json")) {
            throw new ApiProblem(415, "unsupported-media-type", "Unsupported media type",
                    "send the body as application/json");
        }
        byte[] bytes = RequestParameters.body(ctx);
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw ApiProblem.badRequest("the body is not well-formed JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiProblem.badRequest("the body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** An empty object when the request has no body, else as {@link #body}. */
    static ObjectNode optionalBody(Context ctx) {
        if (ctx.req().getContentLengthLong() == 0 || ctx.header("Content-Type") == null) {
            return MAPPER.createObjectNode();
        }
        return body(ctx);
    }

    /** The object as a record of the configuration's shape; an unknown key or a wrong type is 422 naming it. */
    static <T> T convert(ObjectNode node, Class<T> type, String what) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiProblem.invalid(e.getPropertyName(), "is not a key of " + what);
        } catch (MismatchedInputException e) {
            throw ApiProblem.invalid(path(e), e instanceof InvalidFormatException ? "has a value of the wrong form"
                    : "has a value of the wrong type");
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("the body could not be read as " + what);
        }
    }

    /** RFC 7396: members of the patch replace the target's, {@code null} removes one, objects merge. */
    static ObjectNode mergePatch(ObjectNode target, ObjectNode patch) {
        ObjectNode result = target.deepCopy();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                result.remove(field.getKey());
            } else if (value.isObject() && result.get(field.getKey()) instanceof ObjectNode existing) {
                result.set(field.getKey(), mergePatch(existing, (ObjectNode) value));
            } else {
                result.set(field.getKey(), value);
            }
        }
        return result;
    }

    private static String path(MismatchedInputException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "body" : path.replace(".[", "[");
    }
}
