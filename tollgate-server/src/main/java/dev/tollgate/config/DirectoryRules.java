package dev.tollgate.config;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a {@code [[directories]]} table must satisfy, and the names a client's {@code directories}
 * may use. DNs, filters and URLs are parsed by the LDAP SDK, as the directory will use them.
 */
public final class DirectoryRules {
    /** The built-in directory's name. */
    public static final String DATABASE = "database";
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    public static final String USERNAME = "{username}";
    /** The OpenID Connect claims a directory attribute may fill. */
    public static final List<String> CLAIMS = List.of("email", "email_verified", "name", "given_name", "family_name",
            "phone_number", "phone_number_verified", "address");
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z][A-Za-z0-9-]*|[0-9]+(\\.[0-9]+)+");

    private DirectoryRules() {}

    /** The first rule the table breaks, or null. */
    public static Problem check(Config.DirectoryEntry entry) {
        if (entry.name() == null || !NAME.matcher(entry.name()).matches()) {
            return new Problem("name", "is required: 1 to 64 letters, digits, - and _");
        }
        if (DATABASE.equals(entry.name())) {
            return new Problem("name", "'database' is the built-in directory's name");
        }
        if (!Config.DirectoryEntry.LDAP.equals(entry.type())) {
            return new Problem("type", "must be \"ldap\"");
        }
        Problem problem = urls(entry);
        if (problem != null) {
            return problem;
        }
        if (!entry.trustCert().isEmpty() && !Files.isReadable(Path.of(entry.trustCert()))) {
            return new Problem("trust_cert", "names a file that cannot be read: " + entry.trustCert());
        }
        if (!entry.bindDn().isEmpty() && !isDn(entry.bindDn())) {
            return new Problem("bind_dn", "is not a DN");
        }
        if (!entry.bindDn().isEmpty() && entry.bindPassword().isEmpty()) {
            return new Problem("bind_password", "is required with bind_dn (or set "
                    + ConfigLoader.bindPasswordVariable(entry.name()) + ")");
        }
        if (entry.userBase().isEmpty() || !isDn(entry.userBase())) {
            return new Problem("user_base", "is required: the DN under which users are searched");
        }
        if (!entry.userFilter().contains(USERNAME) || !isFilter(entry.userFilter().replace(USERNAME, "x"))) {
            return new Problem("user_filter", "must be an LDAP filter with {username}, such as (uid={username})");
        }
        if (!ATTRIBUTE.matcher(entry.idAttribute()).matches()) {
            return new Problem("id_attribute", "is not an attribute name");
        }
        if (!entry.groupBase().isEmpty() && !isDn(entry.groupBase())) {
            return new Problem("group_base", "is not a DN");
        }
        for (String group : entry.groupScopes().keySet()) {
            if (!isDn(group)) {
                return new Problem("group_scopes", "key '" + group + "' is not a group's DN");
            }
        }
        for (Map.Entry<String, String> claim : entry.claims().entrySet()) {
            if (!CLAIMS.contains(claim.getKey())) {
                return new Problem("claims", "unknown claim '" + claim.getKey() + "' (known: " + String.join(", ", CLAIMS) + ")");
            }
            if (claim.getValue() == null || !ATTRIBUTE.matcher(claim.getValue()).matches()) {
                return new Problem("claims." + claim.getKey(), "is not an attribute name");
            }
        }
        if (entry.poolSize() < 1) {
            return new Problem("pool_size", "must be at least 1");
        }
        if (entry.timeoutMs() < 1) {
            return new Problem("timeout_ms", "must be at least 1");
        }
        if (entry.migrateTo() != null && !DATABASE.equals(entry.migrateTo())) {
            return new Problem("migrate_to", "must be \"database\" (the only directory that keeps passwords)");
        }
        return null;
    }

    private static Problem urls(Config.DirectoryEntry entry) {
        if (entry.urls().isEmpty()) {
            return new Problem("urls", "needs at least one ldap:// or ldaps:// URL");
        }
        for (String url : entry.urls()) {
            LDAPURL parsed;
            try {
                parsed = new LDAPURL(url);
            } catch (LDAPException e) {
                return new Problem("urls", "'" + url + "' is not an LDAP URL");
            }
            if (!parsed.hostProvided()) {
                return new Problem("urls", "'" + url + "' names no host");
            }
        }
        return null;
    }

    /** Null when every name is a known directory, at most once, else what is wrong. */
    public static Problem checkClientDirectories(Collection<String> directories, Set<String> known) {
        if (directories == null) {
            return null;
        }
        Set<String> seen = new HashSet<>();
        for (String name : directories) {
            if (name == null || !NAME.matcher(name).matches()) {
                return new Problem("directories", "'" + name + "' is not a directory name");
            }
            if (known != null && !known.contains(name)) {
                return new Problem("directories", "unknown directory '" + name + "' (known: "
                        + String.join(", ", known) + ")");
            }
            if (!seen.add(name)) {
                return new Problem("directories", "repeats '" + name + "'");
            }
        }
        return null;
    }

    static boolean isDn(String value) {
        try {
            new DN(value);
            return true;
        } catch (LDAPException e) {
            return false;
        }
    }

    private static boolean isFilter(String value) {
        try {
            Filter.create(value);
            return true;
        } catch (LDAPException e) {
            return false;
        }
    }
}
