package dev.tollgate.admin;

import dev.tollgate.Unavailable;
import dev.tollgate.identity.DatabaseDirectory;
import dev.tollgate.identity.Directories;
import dev.tollgate.identity.Directory;
import dev.tollgate.identity.LdapDirectory;
import dev.tollgate.store.Profile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What can be checked about the user directories: each one's type, servers and whether it can
 * serve now, and what a directory's user search finds for a username (as the service account,
 * binding as no user). The {@code directory} commands and the admin API show these; none of it
 * is a password.
 */
public final class DirectoryChecks {
    public static final String DATABASE_TYPE = "database";
    public static final String LDAP_TYPE = "ldap";

    private final Directories directories;

    public DirectoryChecks(Directories directories) {
        this.directories = directories;
    }

    /**
     * A directory as listed.
     *
     * @param state {@code up}, {@code down} (with {@code problem}), or {@code unknown}
     * @param isDefault whether clients that name no directory use it
     */
    public record Listed(String name, String type, List<String> urls, String state, String problem,
            boolean isDefault) {}

    /** A user search's result: the entries found (none, one, or two when there are several). */
    public record Lookup(String directory, String username, List<Entry> entries) {
        /** Exactly one entry: the user could log in with the right password. */
        public boolean found() {
            return entries.size() == 1;
        }
    }

    /** An entry found; claims by OpenID Connect name, only those the directory gave. */
    public record Entry(String dn, String id, boolean disabled, List<String> groups, Set<String> scopes,
            Map<String, Object> claims) {}

    /** The directories' names, in the server's order, without asking any of them anything. */
    public List<String> names() {
        return directories.names();
    }

    /** Every directory, in the server's order, each asked now whether it can serve. */
    public List<Listed> list() {
        List<Listed> out = new ArrayList<>();
        String defaultName = directories.byDefault().name();
        for (Directory directory : directories.all()) {
            boolean isDefault = directory.name().equals(defaultName);
            if (directory instanceof LdapDirectory ldap) {
                String problem = null;
                try {
                    ldap.probe();
                } catch (Unavailable e) {
                    problem = e.getCause() == null ? e.description() : e.getCause().getMessage();
                }
                out.add(new Listed(ldap.name(), LDAP_TYPE, ldap.settings().urls(), ldap.state(), problem, isDefault));
            } else {
                out.add(new Listed(directory.name(), DATABASE_TYPE, List.of(), "up", null, isDefault));
            }
        }
        return out;
    }

    /**
     * Runs the directory's user search for {@code username}.
     *
     * @throws AdminException.NotFound for an unknown directory
     * @throws AdminException.Invalid for the database directory, which has no search to test
     * @throws Unavailable when the directory cannot be reached
     */
    public Lookup test(String name, String username) {
        Directory directory = directories.get(name)
                .orElseThrow(() -> new AdminException.NotFound("no directory '" + name + "'"));
        if (!(directory instanceof LdapDirectory ldap)) {
            throw new AdminException.Invalid("name", "'" + DatabaseDirectory.NAME
                    + "' is the built-in directory; only LDAP directories have a search to test");
        }
        if (username == null || username.isEmpty()) {
            throw new AdminException.Invalid("username", "is required");
        }
        List<Entry> entries = new ArrayList<>();
        for (LdapDirectory.Found found : ldap.lookUp(username)) {
            entries.add(new Entry(found.dn(), found.id(), found.disabled(), found.groups(), found.scopes(),
                    claims(found.profile())));
        }
        return new Lookup(name, username, entries);
    }

    private static Map<String, Object> claims(Profile profile) {
        Map<String, Object> claims = new LinkedHashMap<>();
        put(claims, "email", profile.email());
        if (profile.emailVerified()) {
            claims.put("email_verified", true);
        }
        put(claims, "name", profile.name());
        put(claims, "given_name", profile.givenName());
        put(claims, "family_name", profile.familyName());
        put(claims, "phone_number", profile.phoneNumber());
        if (profile.phoneNumberVerified()) {
            claims.put("phone_number_verified", true);
        }
        put(claims, "address", profile.address());
        return claims;
    }

    private static void put(Map<String, Object> claims, String name, String value) {
        if (value != null) {
            claims.put(name, value);
        }
    }
}
