package dev.tollgate.admin.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.admin.ClientSpec;
import dev.tollgate.admin.UserSpec;
import dev.tollgate.admin.Users;
import dev.tollgate.store.Client;
import dev.tollgate.store.Profile;
import dev.tollgate.store.User;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON Lines format of {@code export} and {@code import users}: one object per line, its
 * {@code type} {@code "user"} (the default, so hand-made files may leave it out) or
 * {@code "client"}, with the configuration file's key names. Users carry their password hash;
 * clients their secret's hash ({@code secret_hash}), never the secret, though a hand-made line
 * may give a {@code secret}, which is hashed.
 */
final class Lines {
    static final String USER = "user";
    static final String CLIENT = "client";
    static final Set<String> USER_FIELDS = Set.of("type", "id", "username", "password_hash", "scopes", "email",
            "email_verified", "name", "given_name", "family_name", "phone_number", "phone_number_verified", "address",
            "disabled");
    static final Set<String> CLIENT_FIELDS = Set.of("type", "id", "secret", "secret_hash", "grant_types", "scopes",
            "access_token_ttl", "refresh_token_policy", "auth_methods", "jwks", "jwks_uri", "forwarded_user_ip",
            "can_introspect");

    private Lines() {}

    static ImportRecord read(long number, JsonNode line) {
        if (!line.isObject()) {
            throw new FieldError("record", "must be a JSON object");
        }
        String type = Json.text(line, "type");
        if (type == null || USER.equals(type)) {
            unknownFields(line, USER_FIELDS);
            Profile profile = new Profile(Json.text(line, "email"), Json.bool(line, "email_verified", false),
                    Json.text(line, "name"), Json.text(line, "given_name"), Json.text(line, "family_name"),
                    Json.text(line, "phone_number"), Json.bool(line, "phone_number_verified", false),
                    Json.text(line, "address"));
            List<String> scopes = Json.strings(line, "scopes");
            return new ImportRecord.User(number, new Users.UserImport(Json.text(line, "id"),
                    new UserSpec(Json.requiredText(line, "username"), scopes == null ? List.of() : scopes, profile),
                    Json.requiredText(line, "password_hash"), Json.bool(line, "disabled", false)));
        }
        if (CLIENT.equals(type)) {
            unknownFields(line, CLIENT_FIELDS);
            String secret = Json.text(line, "secret");
            String secretHash = Json.text(line, "secret_hash");
            if (secret != null && secretHash != null) {
                throw new FieldError("secret", "and secret_hash exclude each other");
            }
            return new ImportRecord.Client(number, new ClientSpec(Json.requiredText(line, "id"), secret, false,
                    Json.strings(line, "grant_types"), Json.strings(line, "scopes"), Json.optionalLong(line, "access_token_ttl"),
                    Json.text(line, "refresh_token_policy"), Json.strings(line, "auth_methods"), Json.text(line, "jwks"),
                    Json.text(line, "jwks_uri"), Json.bool(line, "forwarded_user_ip", false),
                    Json.optionalBool(line, "can_introspect")), secretHash);
        }
        throw new FieldError("type", "must be \"user\" or \"client\"");
    }

    private static void unknownFields(JsonNode line, Set<String> known) {
        for (Iterator<String> names = line.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new FieldError(name, "is not a field of this type (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    static ObjectNode of(User user) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        Profile p = user.profile();
        line.put("type", USER).put("id", user.id()).put("username", user.username())
                .put("password_hash", user.passwordHash());
        strings(line, "scopes", user.scopes());
        putIfSet(line, "email", p.email());
        if (p.emailVerified()) {
            line.put("email_verified", true);
        }
        putIfSet(line, "name", p.name());
        putIfSet(line, "given_name", p.givenName());
        putIfSet(line, "family_name", p.familyName());
        putIfSet(line, "phone_number", p.phoneNumber());
        if (p.phoneNumberVerified()) {
            line.put("phone_number_verified", true);
        }
        putIfSet(line, "address", p.address());
        if (user.disabled()) {
            line.put("disabled", true);
        }
        return line;
    }

    /**
     * The client without {@code client_secret_jwt}, which needs the secret itself: only its hash
     * leaves, and the sealed copy opens only under this server's key.
     */
    static ObjectNode of(Client client) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("type", CLIENT).put("id", client.id());
        putIfSet(line, "secret_hash", client.secretHash());
        strings(line, "grant_types", client.grantTypes());
        strings(line, "scopes", client.scopes());
        if (client.accessTokenTtl() != null) {
            line.put("access_token_ttl", client.accessTokenTtl());
        }
        line.put("refresh_token_policy", client.refreshTokenPolicy());
        Set<String> methods = new TreeSet<>(client.authMethods());
        methods.remove(Client.CLIENT_SECRET_JWT);
        if (methods.isEmpty()) {
            methods.addAll(Client.defaultAuthMethods(client.secretHash() != null, client.jwks() != null
                    || client.jwksUri() != null));
        }
        strings(line, "auth_methods", methods);
        putIfSet(line, "jwks", client.jwks());
        putIfSet(line, "jwks_uri", client.jwksUri());
        if (client.forwardedUserIp()) {
            line.put("forwarded_user_ip", true);
        }
        line.put("can_introspect", client.canIntrospect());
        return line;
    }

    private static void putIfSet(ObjectNode line, String field, String value) {
        if (value != null) {
            line.put(field, value);
        }
    }

    private static void strings(ObjectNode line, String field, Set<String> values) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(values));
        sorted.forEach(line.putArray(field)::add);
    }
}
