package dev.tollgate.admin.transfer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tollgate.admin.UserSpec;
import dev.tollgate.admin.Users;
import dev.tollgate.store.Profile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The common line of a JSON Lines import, a user with plain fields, read straight off the parser's
 * tokens: no tree of nodes per line, which for a million users was most of what the reading
 * allocated. Anything else (a client, an unknown field, a value of the wrong type, a missing
 * username or hash) is left to {@link Lines}, which reads it from a tree and names what is wrong:
 * this reader returns null for it, and gives the same record as {@link Lines} for the rest.
 */
final class UserLine {
    private UserLine() {}

    /** The user on the line, or null when {@link Lines} must read it. */
    static ImportRecord.User read(JsonFactory json, long number, String text) throws IOException {
        try (JsonParser parser = json.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String id = null;
            String username = null;
            String hash = null;
            List<String> scopes = List.of();
            String email = null;
            String name = null;
            String given = null;
            String family = null;
            String phone = null;
            String address = null;
            boolean emailVerified = false;
            boolean phoneVerified = false;
            boolean disabled = false;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "type" -> {
                        if (value != JsonToken.VALUE_NULL && !(value == JsonToken.VALUE_STRING
                                && Lines.USER.equals(parser.getText()))) {
                            return null;
                        }
                    }
                    case "id" -> id = text(parser, value);
                    case "username" -> username = text(parser, value);
                    case "password_hash" -> hash = text(parser, value);
                    case "email" -> email = text(parser, value);
                    case "name" -> name = text(parser, value);
                    case "given_name" -> given = text(parser, value);
                    case "family_name" -> family = text(parser, value);
                    case "phone_number" -> phone = text(parser, value);
                    case "address" -> address = text(parser, value);
                    case "email_verified" -> emailVerified = bool(value);
                    case "phone_number_verified" -> phoneVerified = bool(value);
                    case "disabled" -> disabled = bool(value);
                    case "scopes" -> scopes = strings(parser, value);
                    default -> {
                        return null;
                    }
                }
            }
            if (token != JsonToken.END_OBJECT || username == null || username.isEmpty() || hash == null
                    || hash.isEmpty() || scopes == null) {
                return null;
            }
            Profile profile = new Profile(email, emailVerified, name, given, family, phone, phoneVerified, address);
            return new ImportRecord.User(number, new Users.UserImport(id, new UserSpec(username, scopes, profile), hash,
                    disabled));
        } catch (WrongType e) {
            return null;
        }
    }

    private static String text(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw WrongType.INSTANCE;
        }
        return parser.getText();
    }

    private static boolean bool(JsonToken value) {
        return switch (value) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE, VALUE_NULL -> false;
            default -> throw WrongType.INSTANCE;
        };
    }

    /** The list, {@code List.of()} for null as {@link Lines} reads it. */
    private static List<String> strings(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (value != JsonToken.START_ARRAY) {
            throw WrongType.INSTANCE;
        }
        List<String> values = new ArrayList<>(4);
        JsonToken item;
        while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (item != JsonToken.VALUE_STRING) {
                throw WrongType.INSTANCE;
            }
            values.add(parser.getText());
        }
        return values;
    }

    /** A value {@link Lines} must name; thrown without a stack trace, as it only leads to the fallback. */
    private static final class WrongType extends RuntimeException {
        static final WrongType INSTANCE = new WrongType();

        private WrongType() {
            super(null, null, false, false);
        }
    }
}
