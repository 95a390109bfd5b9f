package dev.tollgate.admin.transfer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.admin.ClientSpec;
import dev.tollgate.admin.UserSpec;
import dev.tollgate.admin.Users;
import dev.tollgate.oauth.ScopePolicy;
import dev.tollgate.store.Client;
import dev.tollgate.store.Profile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Keycloak realm export ({@code kc.sh export --realm R --users realm_file}, Keycloak 20 to 26):
 * one JSON object whose {@code users} and {@code clients} arrays are read one element at a time.
 * The realm roles ({@code roles.realm}) and groups are read first, in a pass that skips everything
 * else, as every client may request every realm role as a scope (Keycloak's full scope allowed
 * default) and a user has the roles of its groups.
 *
 * <p>Users keep Keycloak's id (so the {@code sub} of their tokens stays), their username, email and
 * names, their realm roles but {@code default-roles-*} as scopes (with those of their groups,
 * read in the first pass too), {@code enabled = false} as
 * disabled, and the password credential's hash. Service account users are skipped, as are
 * Keycloak's built-in clients, bearer-only and disabled clients, and clients with neither direct
 * access grants nor service accounts (nothing Tollgate serves).
 */
final class KeycloakReader implements RecordReader {
    static final Set<String> BUILT_IN_CLIENTS = Set.of("account", "account-console", "admin-cli", "broker",
            "realm-management", "security-admin-console");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonParser parser;
    private final Realm realm;
    private String array;
    private long number;

    /** The realm roles but {@code default-roles-*}, and the realm roles each group (by path) grants its members. */
    private record Realm(List<String> roles, Map<String, List<String>> groupRoles) {}

    private KeycloakReader(JsonParser parser, Realm realm) {
        this.parser = parser;
        this.realm = realm;
    }

    static RecordReader open(Path file) throws IOException {
        Realm realm = realm(file);
        JsonParser parser = JSON.createParser(file.toFile());
        parser.nextToken();
        return new KeycloakReader(parser, realm);
    }

    private static Realm realm(Path file) throws IOException {
        List<String> roles = new ArrayList<>();
        Map<String, List<String>> groupRoles = new HashMap<>();
        try (JsonParser parser = JSON.createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidRecord(0, 1, null, "a Keycloak realm export is a JSON object", true);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if ("groups".equals(field) && parser.currentToken() == JsonToken.START_ARRAY) {
                    groups(parser.readValueAsTree(), "", groupRoles);
                    continue;
                }
                if (!"roles".equals(field)) {
                    parser.skipChildren();
                    continue;
                }
                JsonNode realm = ((JsonNode) parser.readValueAsTree()).path("realm");
                for (JsonNode role : realm) {
                    String name = role.path("name").asText("");
                    if (!name.isEmpty() && !name.startsWith("default-roles-")) {
                        roles.add(name);
                    }
                }
            }
        } catch (JacksonException e) {
            throw new InvalidRecord(0, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), null,
                    "is not JSON: " + e.getOriginalMessage(), true);
        }
        return new Realm(roles, groupRoles);
    }

    /** A member of a subgroup is a member of its parents too, and has their roles. */
    private static void groups(JsonNode groups, String parentPath, Map<String, List<String>> groupRoles) {
        for (JsonNode group : groups) {
            String path = group.path("path").asText(parentPath + "/" + group.path("name").asText());
            List<String> roles = new ArrayList<>(groupRoles.getOrDefault(parentPath, List.of()));
            group.path("realmRoles").forEach(role -> roles.add(role.asText()));
            groupRoles.put(path, roles);
            groups(group.path("subGroups"), path, groupRoles);
        }
    }

    @Override
    public ImportRecord read() throws IOException {
        JsonNode element;
        long line;
        try {
            while (true) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    return null;
                }
                if (array == null) {
                    if (token != JsonToken.FIELD_NAME) {
                        return null;
                    }
                    String field = parser.currentName();
                    parser.nextToken();
                    if (("users".equals(field) || "clients".equals(field)) && parser.currentToken() == JsonToken.START_ARRAY) {
                        array = field;
                    } else {
                        parser.skipChildren();
                    }
                    continue;
                }
                if (token == JsonToken.END_ARRAY) {
                    array = null;
                    continue;
                }
                number++;
                line = parser.currentTokenLocation().getLineNr();
                element = parser.readValueAsTree();
                break;
            }
        } catch (JacksonException e) {
            throw new InvalidRecord(number, parser.currentLocation().getLineNr(), null,
                    "is not JSON: " + e.getOriginalMessage(), true);
        }
        try {
            if (!element.isObject()) {
                throw new FieldError(array, "must hold JSON objects");
            }
            return "users".equals(array) ? user(element) : client(element);
        } catch (FieldError e) {
            throw new InvalidRecord(number, line, e.field, e.reason, false);
        }
    }

    private ImportRecord user(JsonNode user) {
        String username = Json.requiredText(user, "username");
        if (Json.text(user, "serviceAccountClientId") != null) {
            return new ImportRecord.Skipped(number, "service account user '" + username + "'");
        }
        String password = null;
        JsonNode credentials = user.path("credentials");
        for (JsonNode credential : credentials) {
            if ("password".equals(credential.path("type").asText())) {
                password = KeycloakCredentials.stored(credential);
                break;
            }
        }
        if (password == null) {
            throw new FieldError("credentials", "hold no password credential (a user of a federation or a social login?)");
        }
        Set<String> scopes = new LinkedHashSet<>();
        List<String> roles = Json.strings(user, "realmRoles");
        if (roles != null) {
            scopes.addAll(roles);
        }
        List<String> groups = Json.strings(user, "groups");
        if (groups != null) {
            groups.forEach(group -> scopes.addAll(realm.groupRoles().getOrDefault(group, List.of())));
        }
        scopes.removeIf(role -> role.startsWith("default-roles-"));
        String first = Json.text(user, "firstName");
        String last = Json.text(user, "lastName");
        String name = first == null ? last : last == null ? first : first + " " + last;
        Profile profile = new Profile(Json.text(user, "email"), Json.bool(user, "emailVerified", false), name, first,
                last, null);
        return new ImportRecord.User(number, new Users.UserImport(Json.text(user, "id"),
                new UserSpec(username, List.copyOf(scopes), profile), password, !Json.bool(user, "enabled", true)));
    }

    private ImportRecord client(JsonNode client) {
        String id = Json.requiredText(client, "clientId");
        if (BUILT_IN_CLIENTS.contains(id)) {
            return new ImportRecord.Skipped(number, "built-in client '" + id + "'");
        }
        if (Json.bool(client, "bearerOnly", false) || !Json.bool(client, "enabled", true)) {
            return new ImportRecord.Skipped(number, "bearer-only or disabled client '" + id + "'");
        }
        boolean isPublic = Json.bool(client, "publicClient", false);
        List<String> grants = new ArrayList<>();
        if (Json.bool(client, "directAccessGrantsEnabled", false)) {
            grants.add("password");
            grants.add("refresh_token");
        }
        if (!isPublic && Json.bool(client, "serviceAccountsEnabled", false)) {
            grants.add("client_credentials");
        }
        if (grants.isEmpty()) {
            return new ImportRecord.Skipped(number, "client '" + id + "' (neither direct access grants nor service accounts)");
        }
        Set<String> scopes = new LinkedHashSet<>(realm.roles());
        if (!"saml".equals(Json.text(client, "protocol"))) {
            scopes.add("openid");
        }
        for (String field : List.of("defaultClientScopes", "optionalClientScopes")) {
            List<String> clientScopes = Json.strings(client, field);
            if (clientScopes != null) {
                clientScopes.stream().filter(ScopePolicy.OIDC_SCOPES::contains).forEach(scopes::add);
                if (clientScopes.contains("offline_access")) {
                    scopes.add("offline_access");
                }
            }
        }
        if (isPublic) {
            return new ImportRecord.Client(number, new ClientSpec(id, null, false, grants, List.copyOf(scopes), null,
                    null, List.of(Client.NONE), null, null), null);
        }
        String authenticator = Json.text(client, "clientAuthenticatorType");
        JsonNode attributes = client.path("attributes");
        List<String> methods = null;
        String jwksUri = null;
        String secret = null;
        switch (authenticator == null ? "client-secret" : authenticator) {
            case "client-secret" -> secret = secret(client);
            case "client-secret-jwt" -> {
                secret = secret(client);
                methods = List.of(Client.CLIENT_SECRET_JWT);
            }
            case "client-jwt" -> {
                if (!"true".equals(attributes.path("use.jwks.url").asText()) || attributes.path("jwks.url").asText().isEmpty()) {
                    throw new FieldError("attributes.jwks.url", "is required for client-jwt (a certificate alone is not supported)");
                }
                jwksUri = attributes.path("jwks.url").asText();
                methods = List.of(Client.PRIVATE_KEY_JWT);
            }
            default -> throw new FieldError("clientAuthenticatorType", "'" + authenticator + "' is not supported "
                    + "(client-secret, client-secret-jwt, client-jwt)");
        }
        return new ImportRecord.Client(number, new ClientSpec(id, secret, false, grants, List.copyOf(scopes), null, null,
                methods, null, jwksUri), null);
    }

    private static String secret(JsonNode client) {
        String secret = Json.text(client, "secret");
        if (secret == null || secret.isEmpty()) {
            throw new FieldError("secret", "is required for a confidential client");
        }
        if (secret.equals("**********")) {
            throw new FieldError("secret", "is masked: the admin console's partial export hides secrets; use kc.sh export");
        }
        return secret;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
