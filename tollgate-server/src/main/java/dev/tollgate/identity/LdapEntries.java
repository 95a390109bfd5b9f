package dev.tollgate.identity;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import dev.tollgate.config.Config;
import dev.tollgate.config.DirectoryRules;
import dev.tollgate.store.Profile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * How a directory's entries become users: the filters that find them (the username escaped as RFC
 * 4515 says, never spliced in raw), the stable id (Active Directory's binary objectGUID shown as a
 * UUID), whether the account is disabled (Active Directory's userAccountControl bit 2), the claims
 * and the scopes of the groups.
 */
final class LdapEntries {
    static final String OBJECT_GUID = "objectGUID";
    static final String USER_ACCOUNT_CONTROL = "userAccountControl";
    static final String MEMBER_OF = "memberOf";
    /** Active Directory's matching rule for membership through nested groups. */
    static final String IN_CHAIN = "1.2.840.113556.1.4.1941";
    /** ADS_UF_ACCOUNTDISABLE. */
    private static final int ACCOUNT_DISABLED = 0x2;

    private final Config.DirectoryEntry settings;
    private final Map<String, Set<String>> groupScopes = new HashMap<>();
    private final String[] attributes;

    LdapEntries(Config.DirectoryEntry settings) {
        this.settings = settings;
        settings.groupScopes().forEach((group, scopes) -> groupScopes.put(normalized(group), Set.copyOf(scopes)));
        Set<String> wanted = new LinkedHashSet<>(List.of(settings.idAttribute(), USER_ACCOUNT_CONTROL, MEMBER_OF));
        wanted.addAll(settings.claims().values());
        attributes = wanted.toArray(String[]::new);
    }

    /** The attributes a user search asks for. */
    String[] attributes() {
        return attributes.clone();
    }

    /** {@code user_filter} with the username escaped. */
    Filter userFilter(String username) throws LDAPException {
        return Filter.create(settings.userFilter().replace(DirectoryRules.USERNAME, Filter.encodeValue(username)));
    }

    /** The user with this id who still matches {@code user_filter} (its username part matching anyone). */
    Filter byId(String id) throws LDAPException {
        Filter idFilter = isGuid() ? Filter.createEqualityFilter(settings.idAttribute(), guidBytes(id))
                : Filter.createEqualityFilter(settings.idAttribute(), id);
        Filter anyUser = Filter.create(settings.userFilter().replace(DirectoryRules.USERNAME, "*"));
        return Filter.createANDFilter(idFilter, anyUser);
    }

    /** The entry's stable id, or null when it has none. */
    String id(SearchResultEntry entry) {
        if (isGuid()) {
            byte[] guid = entry.getAttributeValueBytes(settings.idAttribute());
            return guid == null || guid.length != 16 ? null : guid(guid);
        }
        return entry.getAttributeValue(settings.idAttribute());
    }

    static boolean disabled(SearchResultEntry entry) {
        Integer control = entry.getAttributeValueAsInteger(USER_ACCOUNT_CONTROL);
        return control != null && (control & ACCOUNT_DISABLED) != 0;
    }

    Profile profile(SearchResultEntry entry) {
        Map<String, String> claims = settings.claims();
        return new Profile(
                value(entry, claims.get("email")),
                bool(entry, claims.get("email_verified")),
                value(entry, claims.get("name")),
                value(entry, claims.get("given_name")),
                value(entry, claims.get("family_name")),
                value(entry, claims.get("phone_number")),
                bool(entry, claims.get("phone_number_verified")),
                value(entry, claims.get("address")));
    }

    /** Whether any group grants scopes, so that finding the user's groups is worth a search. */
    boolean groupsMatter() {
        return !groupScopes.isEmpty();
    }

    /** The groups a search for the user's memberships should match under {@code group_base}. */
    static Filter groupFilter(String userDn, boolean activeDirectory) {
        if (activeDirectory) {
            // direct and nested membership at once, evaluated by the domain controller
            return Filter.createExtensibleMatchFilter("member", IN_CHAIN, false, userDn);
        }
        return Filter.createORFilter(Filter.createEqualityFilter("member", userDn),
                Filter.createEqualityFilter("uniqueMember", userDn));
    }

    /** {@code default_scopes} and the scopes of every group among {@code groups}. */
    Set<String> scopes(List<String> groups) {
        Set<String> scopes = new LinkedHashSet<>(settings.defaultScopes());
        for (String group : groups) {
            Set<String> granted = groupScopes.get(normalized(group));
            if (granted != null) {
                scopes.addAll(granted);
            }
        }
        return scopes;
    }

    static List<String> memberOf(SearchResultEntry entry) {
        String[] values = entry.getAttributeValues(MEMBER_OF);
        return values == null ? List.of() : new ArrayList<>(List.of(values));
    }

    private boolean isGuid() {
        return OBJECT_GUID.equalsIgnoreCase(settings.idAttribute());
    }

    /**
     * Active Directory stores a GUID's first three fields little-endian; shown as a UUID they read
     * the way Windows tools print them.
     */
    static String guid(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        ByteBuffer out = ByteBuffer.allocate(16);
        in.order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(in.getInt()).putShort(in.getShort()).putShort(in.getShort());
        in.order(ByteOrder.BIG_ENDIAN);
        out.putLong(in.getLong());
        out.flip();
        return new UUID(out.getLong(), out.getLong()).toString();
    }

    static byte[] guidBytes(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
        ByteBuffer in = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        in.flip();
        ByteBuffer out = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(in.getInt()).putShort(in.getShort()).putShort(in.getShort());
        out.order(ByteOrder.BIG_ENDIAN).putLong(in.getLong());
        return out.array();
    }

    private static String normalized(String dn) {
        try {
            return new DN(dn).toNormalizedString();
        } catch (LDAPException e) {
            return dn.toLowerCase(Locale.ROOT);
        }
    }

    private static String value(SearchResultEntry entry, String attribute) {
        return attribute == null ? null : entry.getAttributeValue(attribute);
    }

    private static boolean bool(SearchResultEntry entry, String attribute) {
        String value = value(entry, attribute);
        return value != null && value.equalsIgnoreCase("true");
    }
}
