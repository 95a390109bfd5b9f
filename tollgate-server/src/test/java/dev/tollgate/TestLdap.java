package dev.tollgate;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A real LDAP server for a test: UnboundID's in-memory directory server on a port of its own, with
 * {@code ou=people} and {@code ou=groups} under {@code dc=example,dc=com} and a service account.
 * In Active Directory style it has no schema checks (objectGUID, sAMAccountName, memberOf and
 * userAccountControl as AD has them) and its root DSE says it is AD. It counts the binds per DN
 * and keeps the search filters it received, and can be stopped and started again on the same port.
 */
final class TestLdap implements AutoCloseable {
    static final String BASE = "dc=example,dc=com";
    static final String PEOPLE = "ou=people," + BASE;
    static final String GROUPS = "ou=groups," + BASE;
    static final String SERVICE_DN = "uid=svc-bind," + PEOPLE;
    static final String SERVICE_PASSWORD = "svc-password";
    static final String AD_CAPABILITY = "1.2.840.113556.1.4.800";
    static final String IN_CHAIN = "1.2.840.113556.1.4.1941";

    enum Tls { NONE, LDAPS, START_TLS }

    final InMemoryDirectoryServer server;
    final int port;
    final boolean activeDirectory;
    final Tls tls;
    private final Map<String, AtomicInteger> binds = new ConcurrentHashMap<>();
    final List<String> filters = new CopyOnWriteArrayList<>();


    private TestLdap(InMemoryDirectoryServer server, int port, boolean activeDirectory, Tls tls) {
        this.server = server;
        this.port = port;
        this.activeDirectory = activeDirectory;
        this.tls = tls;
    }

    static TestLdap openLdap() {
        return start(false, Tls.NONE, null);
    }

    static TestLdap activeDirectory() {
        return start(true, Tls.NONE, null);
    }

    /** @param serverTls the server's certificate and key when {@code tls} is not NONE */
    static TestLdap start(boolean activeDirectory, Tls tls, SSLContext serverTls) {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
            int port = freePort();
            InetAddress loopback = InetAddress.getLoopbackAddress();
            config.setListenerConfigs(switch (tls) {
                case NONE -> InMemoryListenerConfig.createLDAPConfig("ldap", loopback, port, null);
                case START_TLS -> InMemoryListenerConfig.createLDAPConfig("ldap", loopback, port,
                        serverTls.getSocketFactory());
                case LDAPS -> InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback, port,
                        serverTls.getServerSocketFactory(), null);
            });
            if (activeDirectory) {
                config.setSchema(null);
                config.setCustomRootDSEAttributes(List.of(new Attribute("supportedCapabilities", AD_CAPABILITY)));
            }
            TestLdap[] self = new TestLdap[1];
            config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
                @Override
                public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
                    self[0].binds.computeIfAbsent(normalized(request.getRequest().getBindDN()),
                            dn -> new AtomicInteger()).incrementAndGet();
                }

                @Override
                public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
                    Filter filter = request.getRequest().getFilter();
                    self[0].filters.add(filter.toString());
                    if (filter.getFilterType() == Filter.FILTER_TYPE_EXTENSIBLE_MATCH
                            && IN_CHAIN.equals(filter.getMatchingRuleID())) {
                        SearchRequest nested = request.getRequest().duplicate();
                        nested.setFilter(self[0].inChain(filter.getAssertionValue()));
                        request.setRequest(nested);
                    }
                }
            });
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            self[0] = new TestLdap(server, port, activeDirectory, tls);
            server.startListening();
            self[0].seed();
            return self[0];
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What AD's LDAP_MATCHING_RULE_IN_CHAIN finds, which the in-memory server does not evaluate:
     * groups with the DN as a member, directly or through groups that are members of them.
     */
    private Filter inChain(String dn) {
        Set<String> members = new LinkedHashSet<>(List.of(dn));
        List<String> next = new ArrayList<>(members);
        while (!next.isEmpty()) {
            List<String> found = new ArrayList<>();
            for (String member : next) {
                try {
                    for (SearchResultEntry group : server.search(BASE, SearchScope.SUB,
                            Filter.createEqualityFilter("member", member), "1.1").getSearchEntries()) {
                        if (members.add(group.getDN())) {
                            found.add(group.getDN());
                        }
                    }
                } catch (LDAPException e) {
                    throw new IllegalStateException(e);
                }
            }
            next = found;
        }
        return Filter.createORFilter(members.stream().map(m -> Filter.createEqualityFilter("member", m)).toList());
    }

    private void seed() throws LDAPException {
        server.add(new Entry(BASE, new Attribute("objectClass", "top", "domain"), new Attribute("dc", "example")));
        server.add(new Entry(PEOPLE, new Attribute("objectClass", "top", "organizationalUnit"),
                new Attribute("ou", "people")));
        server.add(new Entry(GROUPS, new Attribute("objectClass", "top", "organizationalUnit"),
                new Attribute("ou", "groups")));
        server.add(new Entry(SERVICE_DN, new Attribute("objectClass", "top", "person", "organizationalPerson",
                "inetOrgPerson"), new Attribute("uid", "svc-bind"), new Attribute("cn", "Service"),
                new Attribute("sn", "Bind"), new Attribute("userPassword", SERVICE_PASSWORD)));
    }

    /** An inetOrgPerson {@code uid=NAME} with the password {@code NAME-password} (or an AD user), and its DN. */
    String user(String uid, String... attributeValues) {
        String dn = "uid=" + uid + "," + PEOPLE;
        Entry entry = new Entry(dn, new Attribute("objectClass", "top", "person", "organizationalPerson",
                "inetOrgPerson"), new Attribute("uid", uid), new Attribute("cn", uid), new Attribute("sn", uid),
                new Attribute("userPassword", uid + "-password"));
        for (int i = 0; i < attributeValues.length; i += 2) {
            entry.setAttribute(attributeValues[i], attributeValues[i + 1]);
        }
        add(entry);
        return dn;
    }

    /**
     * An Active Directory user: sAMAccountName NAME, userPrincipalName NAME@example.com, the given
     * objectGUID, userAccountControl 512 (a normal enabled account), memberOf the groups.
     */
    String adUser(String name, byte[] objectGuid, String... memberOf) {
        String dn = "cn=" + name + "," + PEOPLE;
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(new Attribute("objectClass", "top", "person", "organizationalPerson", "user"));
        attributes.add(new Attribute("cn", name));
        attributes.add(new Attribute("sAMAccountName", name));
        attributes.add(new Attribute("userPrincipalName", name + "@example.com"));
        attributes.add(new Attribute("mail", name + "@example.com"));
        attributes.add(new Attribute("objectGUID", objectGuid));
        attributes.add(new Attribute("userAccountControl", "512"));
        attributes.add(new Attribute("userPassword", name + "-password"));
        if (memberOf.length > 0) {
            attributes.add(new Attribute("memberOf", memberOf));
        }
        add(new Entry(dn, attributes));
        return dn;
    }

    /** A groupOfNames under ou=groups, and its DN. */
    String group(String cn, String... memberDns) {
        String dn = "cn=" + cn + "," + GROUPS;
        add(new Entry(dn, new Attribute("objectClass", "top", "groupOfNames"), new Attribute("cn", cn),
                new Attribute("member", memberDns)));
        return dn;
    }

    void add(Entry entry) {
        try {
            server.add(entry);
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    void replace(String dn, String attribute, String... values) {
        try {
            server.modify(dn, new Modification(ModificationType.REPLACE, attribute, values));
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    void delete(String dn) {
        try {
            server.delete(dn);
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Binds received for the DN so far. */
    int binds(String dn) {
        AtomicInteger count = binds.get(normalized(dn));
        return count == null ? 0 : count.get();
    }

    /** Binds received for any DN but the service account's. */
    int userBinds() {
        String service = normalized(SERVICE_DN);
        return binds.entrySet().stream().filter(e -> !e.getKey().equals(service))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    String url() {
        return (tls == Tls.LDAPS ? "ldaps" : "ldap") + "://127.0.0.1:" + port;
    }

    /** Stops listening and drops every connection, as a crashed server would. */
    void stop() {
        server.shutDown(true);
    }

    void restart() {
        try {
            server.startListening();
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The keys of a {@code [[directories]]} table for this server, OpenLDAP or AD style; {@code more} overrides. */
    Object[] settings(Object... more) {
        Object[] base = activeDirectory
                ? new Object[] {"urls", List.of(url()), "bind_dn", SERVICE_DN, "bind_password", SERVICE_PASSWORD,
                    "user_base", PEOPLE, "user_filter", "(sAMAccountName={username})", "id_attribute", "objectGUID"}
                : new Object[] {"urls", List.of(url()), "bind_dn", SERVICE_DN, "bind_password", SERVICE_PASSWORD,
                    "user_base", PEOPLE};
        Map<Object, Object> keys = new LinkedHashMap<>();
        for (Object[] pairs : new Object[][] {base, more}) {
            for (int i = 0; i < pairs.length; i += 2) {
                keys.put(pairs[i], pairs[i + 1]);
            }
        }
        List<Object> out = new ArrayList<>();
        keys.forEach((key, value) -> {
            out.add(key);
            out.add(value);
        });
        return out.toArray();
    }

    @Override
    public void close() {
        server.shutDown(true);
    }

    static String normalized(String dn) {
        try {
            return new DN(dn).toNormalizedString();
        } catch (LDAPException e) {
            return dn;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
