package dev.tollgate.admin.transfer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.admin.UserSpec;
import dev.tollgate.admin.Users;
import dev.tollgate.store.Profile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Auth0's bulk user import file: a JSON array of users, read one element at a time. The username
 * is {@code username}, else {@code email}; {@code blocked} users are imported disabled; the
 * password is {@code password_hash} (bcrypt) or {@code custom_password_hash} (see
 * {@link Auth0Hashes}). Auth0 fields without a counterpart (metadata, MFA factors) are ignored.
 */
final class Auth0Reader implements RecordReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonParser parser;
    private long number;

    private Auth0Reader(JsonParser parser) {
        this.parser = parser;
    }

    static RecordReader open(Path file) throws IOException {
        JsonParser parser = JSON.createParser(file.toFile());
        try {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidRecord(0, parser.currentLocation().getLineNr(), null,
                        "an Auth0 user import file is a JSON array of users", true);
            }
        } catch (JacksonException e) {
            parser.close();
            throw new InvalidRecord(0, 1, null, "is not JSON: " + e.getOriginalMessage(), true);
        } catch (RuntimeException e) {
            parser.close();
            throw e;
        }
        return new Auth0Reader(parser);
    }

    @Override
    public ImportRecord read() throws IOException {
        JsonNode user;
        long line;
        try {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY || token == null) {
                return null;
            }
            number++;
            line = parser.currentTokenLocation().getLineNr();
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                throw new InvalidRecord(number, line, null, "must be a JSON object", false);
            }
            user = parser.readValueAsTree();
        } catch (JacksonException e) {
            throw new InvalidRecord(number, parser.currentLocation().getLineNr(), null,
                    "is not JSON: " + e.getOriginalMessage(), true);
        }
        try {
            return new ImportRecord.User(number, user(user));
        } catch (FieldError e) {
            throw new InvalidRecord(number, line, e.field, e.reason, false);
        }
    }

    private static Users.UserImport user(JsonNode user) {
        String email = Json.text(user, "email");
        String username = Json.text(user, "username");
        if (username == null && email == null) {
            throw new FieldError("email", "is required (or username)");
        }
        String bcrypt = Json.text(user, "password_hash");
        JsonNode custom = Json.object(user, "custom_password_hash");
        if (bcrypt != null && custom != null) {
            throw new FieldError("password_hash", "and custom_password_hash exclude each other");
        }
        if (bcrypt == null && custom == null) {
            throw new FieldError("password_hash", "or custom_password_hash is required");
        }
        String hash = bcrypt != null ? bcrypt : Auth0Hashes.stored(custom);
        Profile profile = new Profile(email, Json.bool(user, "email_verified", false), Json.text(user, "name"),
                Json.text(user, "given_name"), Json.text(user, "family_name"), null);
        return new Users.UserImport(null, new UserSpec(username != null ? username : email, List.of(), profile), hash,
                Json.bool(user, "blocked", false));
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
