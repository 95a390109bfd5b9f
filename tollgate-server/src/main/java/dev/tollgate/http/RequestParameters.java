package dev.tollgate.http;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tollgate.oauth.OAuthError;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.UrlEncoded;

/**
 * Reads the parameters of an OAuth request body into one map, whatever the body type:
 * {@code application/x-www-form-urlencoded} (RFC 6749), {@code application/json} (a flat object of
 * strings, as Auth0 takes it; {@code scope} may be an array) and {@code multipart/form-data}.
 * A repeated parameter is an error (RFC 6749 section 3.2); an empty one counts as absent
 * (section 3.1).
 */
public final class RequestParameters {
    static final int MAX_BODY = 64 * 1024;
    static final int MAX_PARAMETERS = 100;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private RequestParameters() {}

    static Map<String, String> read(Context ctx) {
        String header = ctx.header("Content-Type");
        if (header == null || header.isBlank()) {
            throw OAuthError.invalidRequest("missing Content-Type; send application/x-www-form-urlencoded, "
                    + "application/json or multipart/form-data").exception();
        }
        Map<String, String> typeParameters = new java.util.HashMap<>();
        String base;
        try {
            base = HttpField.getValueParameters(header, typeParameters).trim().toLowerCase(Locale.ROOT);
        } catch (RuntimeException e) {
            throw OAuthError.invalidRequest("malformed Content-Type header").exception();
        }
        requireUtf8(typeParameters);
        return parse(base, header, body(ctx));
    }

    /** The parameters of a body whose Content-Type is {@code base} (lower case, no parameters). */
    static Map<String, String> parse(String base, String header, byte[] body) {
        return switch (base) {
            case "application/x-www-form-urlencoded" -> form(body);
            case "application/json" -> json(body);
            case "multipart/form-data" -> multipart(body, header);
            default -> throw OAuthError.invalidRequest("unsupported Content-Type '" + base
                    + "'; send application/x-www-form-urlencoded, application/json or multipart/form-data")
                    .exception();
        };
    }

    private static void requireUtf8(Map<String, String> typeParameters) {
        String charset = typeParameters.entrySet().stream()
                .filter(e -> e.getKey().trim().equalsIgnoreCase("charset"))
                .map(e -> e.getValue().trim())
                .findFirst()
                .orElse(null);
        if (charset != null && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
            throw OAuthError.invalidRequest("unsupported charset; send UTF-8").exception();
        }
    }

    /** The body, at most {@link #MAX_BODY} bytes, whether or not a Content-Length was sent. */
    /** The raw body, at most {@link #MAX_BODY} bytes; beyond it {@link BodyTooLarge}. */
    public static byte[] body(Context ctx) {
        if (ctx.req().getContentLengthLong() > MAX_BODY) {
            throw new BodyTooLarge(MAX_BODY);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new BodyTooLarge(MAX_BODY);
            }
            return bytes;
        } catch (IOException e) {
            throw OAuthError.invalidRequest("request body could not be read").exception();
        }
    }

    /** Percent-decoded as strict UTF-8 by Jetty: malformed escapes and bytes are errors, never replaced. */
    private static Map<String, String> form(byte[] body) {
        String text = utf8(body);
        Collector params = new Collector();
        try {
            UrlEncoded.decodeUtf8To(text, 0, text.length(), params::add, false, false, false);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidRequest("malformed form body: bad percent-encoding or UTF-8").exception();
        }
        return params.result();
    }

    private static Map<String, String> json(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw OAuthError.invalidRequest("malformed JSON body").exception();
        } catch (IOException e) {
            throw OAuthError.invalidRequest("request body could not be read").exception();
        }
        if (root == null || !root.isObject()) {
            throw OAuthError.invalidRequest("JSON body must be an object of string parameters").exception();
        }
        Collector params = new Collector();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            params.add(field.getKey(), jsonValue(field.getKey(), field.getValue()));
        }
        return params.result();
    }

    private static String jsonValue(String name, JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNull()) {
            return "";
        }
        if ("scope".equals(name) && value.isArray()) {
            List<String> scopes = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    throw OAuthError.invalidRequest("'scope' array must hold strings").exception();
                }
                scopes.add(item.textValue());
            }
            return String.join(" ", scopes);
        }
        throw OAuthError.invalidRequest("parameter '" + printable(name) + "' must be a string").exception();
    }

    private static Map<String, String> multipart(byte[] body, String contentType) {
        String boundary = MultiPart.extractBoundary(contentType);
        if (boundary == null || boundary.isEmpty()) {
            throw OAuthError.invalidRequest("multipart/form-data without a boundary").exception();
        }
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
        parser.setMaxParts(MAX_PARAMETERS);
        parser.setMaxLength(MAX_BODY);
        parser.setMaxMemoryFileSize(MAX_BODY);
        parser.setUseFilesForPartsWithoutFileName(false);
        Collector params = new Collector();
        try (MultiPartFormData.Parts parts = parser.parse(Content.Source.from(ByteBuffer.wrap(body)))
                .get(5, TimeUnit.SECONDS)) {
            for (MultiPart.Part part : parts) {
                if (part.getFileName() != null) {
                    throw OAuthError.invalidRequest("file parts are not accepted").exception();
                }
                params.add(part.getName(), part.getContentAsString(StandardCharsets.UTF_8));
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            if (e instanceof dev.tollgate.oauth.OAuthException oauth) {
                throw oauth;
            }
            throw OAuthError.invalidRequest("malformed multipart/form-data body").exception();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OAuthError.invalidRequest("request interrupted").exception();
        }
        return params.result();
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw OAuthError.invalidRequest("request body is not UTF-8").exception();
        }
    }

    static String printable(String value) {
        String cut = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }

    /** Collects parameters, refusing repeats and too many, dropping empty values. */
    private static final class Collector {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final java.util.Set<String> seen = new java.util.HashSet<>();

        void add(String name, String value) {
            if (name == null || name.isEmpty()) {
                throw OAuthError.invalidRequest("parameter without a name").exception();
            }
            if (name.indexOf('\0') >= 0 || (value != null && value.indexOf('\0') >= 0)) {
                throw OAuthError.invalidRequest("parameter '" + printable(name) + "' contains a NUL character")
                        .exception();
            }
            if (!seen.add(name)) {
                throw OAuthError.invalidRequest("parameter '" + printable(name) + "' is repeated").exception();
            }
            if (seen.size() > MAX_PARAMETERS) {
                throw OAuthError.invalidRequest("more than " + MAX_PARAMETERS + " parameters").exception();
            }
            if (value != null && !value.isEmpty()) {
                values.put(name, value);
            }
        }

        Map<String, String> result() {
            return values;
        }
    }
}
