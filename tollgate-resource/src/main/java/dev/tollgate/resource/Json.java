package dev.tollgate.resource;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.Map;

/** JSON through Nimbus's own (shaded Gson) codec, so the library adds no JSON dependency. */
final class Json {
    private Json() {}

    static Map<String, Object> parse(String text) throws ParseException {
        return JSONObjectUtils.parse(text);
    }

    static String write(Map<String, ?> object) {
        return JSONObjectUtils.toJSONString(object);
    }
}
