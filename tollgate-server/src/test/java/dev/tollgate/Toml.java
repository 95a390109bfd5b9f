package dev.tollgate;

import java.util.List;

/**
 * Builds a test server's configuration file a table at a time. A confidential client {@code id}
 * gets the secret {@code id-secret} and a user {@code name} the password {@code name-password},
 * so tests and their requests agree without repeating them. Values: strings, booleans, numbers
 * and lists of strings.
 */
final class Toml {
    /** Alice's OpenID Connect claims, as the ID token and UserInfo tests expect them. */
    static final Object[] ALICE_CLAIMS = {
        "email", "alice@example.com", "email_verified", true, "name", "Alice Example", "given_name", "Alice",
        "family_name", "Example", "phone_number", "+1 555 0100", "address", "1 Main Street\nSpringfield"};

    private final StringBuilder text = new StringBuilder();

    static Toml config() {
        return new Toml();
    }

    /** A confidential client with the secret {@code id-secret}. */
    Toml client(String id, Object... keyValues) {
        return table("clients", "id", id, "secret", id + "-secret").pairs(keyValues);
    }

    /** A public client: no secret. */
    Toml publicClient(String id, Object... keyValues) {
        return table("clients", "id", id).pairs(keyValues);
    }

    /** A user with the password {@code username-password}. */
    Toml user(String username, Object... keyValues) {
        return table("users", "username", username, "password", username + "-password").pairs(keyValues);
    }

    /** A user whose password hash was made elsewhere. */
    Toml userWithHash(String username, String passwordHash, Object... keyValues) {
        return table("users", "username", username, "password_hash", passwordHash).pairs(keyValues);
    }

    /** A {@code [[directories]]} table of type ldap. */
    Toml directory(String name, Object... keyValues) {
        return table("directories", "name", name, "type", "ldap").pairs(keyValues);
    }

    /**
     * A sub-table of the last {@code [[directories]]}: {@code group_scopes} or {@code claims}. Keys
     * are quoted, so a DN may be one.
     */
    Toml directoryTable(String table, Object... keyValues) {
        text.append("[directories.").append(table).append("]\n");
        for (int i = 0; i < keyValues.length; i += 2) {
            text.append(quoted((String) keyValues[i])).append(" = ").append(value(keyValues[i + 1])).append('\n');
        }
        return this;
    }

    Toml api(String identifier, Object... keyValues) {
        return table("apis", "identifier", identifier).pairs(keyValues);
    }

    /** A {@code [section]} with keys, e.g. {@code section("brute_force", "max_failures", 3)}. */
    Toml section(String name, Object... keyValues) {
        separate();
        text.append('[').append(name).append("]\n");
        return pairs(keyValues);
    }

    static List<String> list(String... values) {
        return List.of(values);
    }

    /** {@code base} followed by {@code more} key-value pairs. */
    static Object[] with(Object[] base, Object... more) {
        Object[] all = new Object[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Override
    public String toString() {
        return text.toString();
    }

    private Toml table(String name, Object... keyValues) {
        separate();
        text.append("[[").append(name).append("]]\n");
        return pairs(keyValues);
    }

    private void separate() {
        if (text.length() > 0) {
            text.append('\n');
        }
    }

    private Toml pairs(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            text.append(keyValues[i]).append(" = ").append(value(keyValues[i + 1])).append('\n');
        }
        return this;
    }

    private static String value(Object value) {
        if (value instanceof String string) {
            return quoted(string);
        }
        if (value instanceof List<?> list) {
            StringBuilder array = new StringBuilder("[");
            for (Object item : list) {
                array.append(array.length() > 1 ? ", " : "").append(quoted((String) item));
            }
            return array.append(']').toString();
        }
        if (value instanceof Boolean || value instanceof Number) {
            return value.toString();
        }
        throw new IllegalArgumentException("no TOML form for " + value);
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
