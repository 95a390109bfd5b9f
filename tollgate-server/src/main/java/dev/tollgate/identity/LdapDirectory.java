package dev.tollgate.identity;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import dev.tollgate.config.Config;
import dev.tollgate.observe.Metrics;
import dev.tollgate.store.DirectoryUser;
import dev.tollgate.store.DirectoryUserStore;
import dev.tollgate.store.Profile;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users kept in an LDAP directory or Active Directory, checked by search-then-bind: the service
 * account searches {@code user_filter} for the username, then Tollgate binds as the one entry found
 * with the submitted password. No entry, several, a disabled account and a refused bind are all the
 * same failure; when the search finds no single entry, a bind as a DN that does not exist stands
 * in for the user's, and the check then waits until it took as long as checks of existing users
 * usually do ({@link LoginTimes}), so that the answer takes as long either way.
 *
 * <p>A row per user who logged in ({@link DirectoryUser}) carries the user's claims and scopes to
 * tokens, introspection and UserInfo without asking the directory; a refresh asks it again once the
 * row is older than {@code tokens.directory_recheck_seconds}.
 *
 * <p>With {@code migrate_to = "database"}, a user the database directory knows is checked there
 * only, and a user checked here is copied into the database directory with the password hashed, so
 * the next login no longer needs the directory.
 */
public final class LdapDirectory implements Directory, Metrics.DirectoryState, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LdapDirectory.class);

    private final Config.DirectoryEntry settings;
    private final LdapConnections connections;
    private final LdapEntries entries;
    private final DirectoryUserStore rows;
    private final Clock clock;
    private final long recheckSeconds;
    private final DatabaseDirectory migrateTo;
    private final LoginQueue queue;
    private final String decoyDn;
    private final LoginTimes times = new LoginTimes();
    /**
     * The threads that wait for the directory's answers. Each step of a login (connecting, the
     * service account's bind on a new connection, the searches, the user's bind) has its own
     * timeout in the LDAP library; the request waits for all of them together at most what is left
     * of {@code timeout_ms}, and an answer that comes later is dropped.
     */
    private final ExecutorService waits;
    /** How stale a row's last_login and checked_at may get before a login writes them again. */
    static final long ROW_WRITE_SECONDS = 60;

    /**
     * @param migrateTo the database directory when {@code migrate_to} names it, else null
     * @param maxWaiting logins that may wait for a connection; beyond that 503
     */
    public LdapDirectory(Config.DirectoryEntry settings, DirectoryUserStore rows, Clock clock, long recheckSeconds,
            DatabaseDirectory migrateTo, int maxWaiting) {
        this.settings = settings;
        this.connections = new LdapConnections(settings);
        this.entries = new LdapEntries(settings);
        this.rows = rows;
        this.clock = clock;
        this.recheckSeconds = recheckSeconds;
        this.migrateTo = migrateTo;
        // binds wait for the directory, not for the processors: they queue for connections, not hashing threads
        this.queue = new LoginQueue(settings.poolSize(), maxWaiting);
        AtomicInteger threads = new AtomicInteger();
        this.waits = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "tollgate-ldap-" + settings.name() + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.decoyDn = "cn=" + UUID.randomUUID() + "," + settings.userBase();
    }

    @Override
    public String name() {
        return settings.name();
    }

    public Config.DirectoryEntry settings() {
        return settings;
    }

    @Override
    public Optional<LoginQueue> loginQueue() {
        return Optional.of(queue);
    }

    @Override
    public Authentication authenticate(String username, String password) {
        return authenticate(username, password, System.nanoTime());
    }

    @Override
    public Authentication authenticate(String username, String password, long startedNanos) {
        LdapConnections.Deadline deadline = LdapConnections.Deadline.from(startedNanos, settings.timeoutMs());
        if (migrateTo != null) {
            Optional<Authentication> migrated = migrateTo.authenticateIfKnown(username, password);
            if (migrated.isPresent() && migrated.get().ok()) {
                return migrated.get();
            }
            if (migrated.isPresent()) {
                // as long as a user still in the directory: the password is not tried there
                within(deadline, () -> checkHere(username, password, true, deadline));
                return migrated.get();
            }
        }
        Checked checked = within(deadline, () -> {
            Checked here = checkHere(username, password, false, deadline);
            return here.failure() != null || !entries.groupsMatter() ? here
                    : here.withGroups(groups(here.entry(), deadline));
        });
        if (checked.failure() != null) {
            return Authentication.failed(checked.failure());
        }
        Identity user = remember(checked.entry(), username, checked.groups(), true);
        if (migrateTo != null) {
            return Authentication.succeeded(migrateTo.adopt(user, password));
        }
        return Authentication.succeeded(user);
    }

    /** The directory's part of a login, on a thread of its own, waited for until the deadline. */
    private <T> T within(LdapConnections.Deadline deadline, Supplier<T> work) {
        if (deadline.passed()) {
            // its time went by waiting for a turn
            throw connections.timedOut();
        }
        Future<T> answer = waits.submit(work::get);
        try {
            return answer.get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw connections.timedOut();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw connections.timedOut();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** What the directory said of a username and password: the entry, or the reason why not. */
    private record Checked(SearchResultEntry entry, String failure, List<String> groups) {
        Checked withGroups(List<String> found) {
            return new Checked(entry, failure, found);
        }
    }

    /**
     * Search, then bind. {@code decoyOnly}: the password is wrong already; the directory is asked
     * only so that the answer takes as long as any other.
     */
    private Checked checkHere(String username, String password, boolean decoyOnly,
            LdapConnections.Deadline deadline) {
        if (password.isEmpty()) {
            return new Checked(null, Authentication.WRONG_PASSWORD, List.of());
        }
        long started = System.nanoTime();
        List<SearchResultEntry> found = findByUsername(username, deadline);
        SearchResultEntry entry = found.size() == 1 ? found.get(0) : null;
        boolean bound = connections.bind(entry == null || decoyOnly ? decoyDn : entry.getDN(), password, deadline);
        if (entry == null || decoyOnly) {
            times.padFrom(started);
        } else {
            times.record(System.nanoTime() - started);
        }
        if (entry == null) {
            return new Checked(null, found.isEmpty() ? Authentication.UNKNOWN_USER : "several_users", List.of());
        }
        if (decoyOnly) {
            return new Checked(null, Authentication.WRONG_PASSWORD, List.of());
        }
        if (!bound) {
            return new Checked(null, Authentication.WRONG_PASSWORD, List.of());
        }
        if (LdapEntries.disabled(entry)) {
            return new Checked(null, "disabled", List.of());
        }
        if (entries.id(entry) == null) {
            LOG.warn("directory '{}': the user's entry has no {}; see id_attribute", name(), settings.idAttribute());
            return new Checked(null, "no_id", List.of());
        }
        return new Checked(entry, null, List.of());
    }

    /** The entries {@code user_filter} finds for the username; several stop the search at the second. */
    private List<SearchResultEntry> findByUsername(String username, LdapConnections.Deadline deadline) {
        SearchRequest search;
        try {
            search = new SearchRequest(settings.userBase(), SearchScope.SUB, entries.userFilter(username),
                    entries.attributes());
        } catch (LDAPException e) {
            return List.of();
        }
        search.setSizeLimit(2);
        try {
            return connections.search(search, deadline).getSearchEntries();
        } catch (LDAPException e) {
            // SIZE_LIMIT_EXCEEDED: more than one, which counts as none; NO_SUCH_OBJECT: no user_base
            if (e instanceof LDAPSearchException found && found.getEntryCount() > 1) {
                return found.getSearchEntries();
            }
            if (!ResultCode.NO_SUCH_OBJECT.equals(e.getResultCode())) {
                LOG.warn("directory '{}': user search refused: {}", name(), e.getResultCode());
            }
            return List.of();
        }
    }

    /** The user's row, updated from the entry; its scopes from the groups it is in. */
    private Identity remember(SearchResultEntry entry, String username, List<String> groups, boolean login) {
        long now = clock.instant().getEpochSecond();
        String id = entries.id(entry);
        Set<String> scopes = entries.scopes(groups);
        Optional<DirectoryUser> before = rows.find(name(), id);
        if (login && before.isPresent() && now - before.get().checkedAt() < ROW_WRITE_SECONDS
                && before.get().sameAs(new DirectoryUser(name(), id, username, scopes, entries.profile(entry), now,
                        now, now))) {
            // nothing changed since a login moments ago: its row says it all, without another write
            return identity(before.get());
        }
        long lastLogin = login ? now : before.map(DirectoryUser::lastLogin).orElse(now);
        DirectoryUser row = new DirectoryUser(name(), id, username, scopes, entries.profile(entry), lastLogin, now, now);
        if (before.isPresent() && before.get().sameAs(row)) {
            // OpenID Connect's updated_at moves only when the claims do
            row = new DirectoryUser(name(), id, username, scopes, row.profile(), lastLogin, now, before.get().updatedAt());
        }
        rows.save(row);
        return identity(row);
    }

    /** The DNs of the user's groups: its memberOf, and under {@code group_base} those that list it as a member. */
    private List<String> groups(SearchResultEntry entry, LdapConnections.Deadline deadline) {
        Set<String> groups = new LinkedHashSet<>(LdapEntries.memberOf(entry));
        if (!settings.groupBase().isEmpty()) {
            SearchRequest search = new SearchRequest(settings.groupBase(), SearchScope.SUB,
                    LdapEntries.groupFilter(entry.getDN(), activeDirectory(deadline)), "1.1");
            try {
                for (SearchResultEntry group : connections.search(search, deadline).getSearchEntries()) {
                    groups.add(group.getDN());
                }
            } catch (LDAPException e) {
                // NO_SUCH_OBJECT: no group_base entry, so no groups there
                if (!ResultCode.NO_SUCH_OBJECT.equals(e.getResultCode())) {
                    LOG.warn("directory '{}': group search under group_base refused: {}", name(),
                            e.getResultCode());
                }
            }
        }
        return new ArrayList<>(groups);
    }

    /** Active Directory says so in its root DSE's supportedCapabilities (LDAP_CAP_ACTIVE_DIRECTORY_OID). */
    private boolean activeDirectory(LdapConnections.Deadline deadline) {
        RootDSE root = connections.rootDse(deadline);
        return root.hasAttributeValue("supportedCapabilities", "1.2.840.113556.1.4.800");
    }

    /** The user as last seen: its row, without asking the directory (introspection, UserInfo). */
    @Override
    public Optional<Identity> findById(String id) {
        return rows.find(name(), id).map(LdapDirectory::identity);
    }

    /**
     * The user for a refresh: its row while the directory confirmed it within {@code
     * directory_recheck_seconds}, else as the directory says now; empty when the directory no
     * longer has it, or has it disabled.
     */
    @Override
    public Optional<Identity> recheck(String id) {
        Optional<DirectoryUser> row = rows.find(name(), id);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        long now = clock.instant().getEpochSecond();
        if (now - row.get().checkedAt() < recheckSeconds) {
            return row.map(LdapDirectory::identity);
        }
        LdapConnections.Deadline deadline = LdapConnections.Deadline.in(settings.timeoutMs());
        Checked found = within(deadline, () -> {
            List<SearchResultEntry> entriesFound;
            try {
                SearchRequest search = new SearchRequest(settings.userBase(), SearchScope.SUB, entries.byId(id),
                        entries.attributes());
                search.setSizeLimit(2);
                entriesFound = connections.search(search, deadline).getSearchEntries();
            } catch (LDAPException e) {
                entriesFound = List.of();
            }
            if (entriesFound.size() != 1 || LdapEntries.disabled(entriesFound.get(0))
                    || !id.equals(entries.id(entriesFound.get(0)))) {
                return new Checked(null, "gone", List.of());
            }
            return new Checked(entriesFound.get(0), null,
                    entries.groupsMatter() ? groups(entriesFound.get(0), deadline) : List.of());
        });
        if (found.failure() != null) {
            return Optional.empty();
        }
        return Optional.of(remember(found.entry(), row.get().username(), found.groups(), false));
    }

    /**
     * What the directory check shows of one username: the entries {@code user_filter} finds (two
     * when it finds several), each with its id, groups and scopes. Binds as no user.
     */
    public List<Found> lookUp(String username) {
        LdapConnections.Deadline deadline = LdapConnections.Deadline.in(settings.timeoutMs());
        List<Found> out = new ArrayList<>();
        for (SearchResultEntry entry : findByUsername(username, deadline)) {
            List<String> groups = groups(entry, deadline);
            out.add(new Found(entry.getDN(), entries.id(entry), LdapEntries.disabled(entry), groups,
                    entries.scopes(groups), entries.profile(entry)));
        }
        return out;
    }

    /** An entry the check found; nothing in it is a password. */
    public record Found(String dn, String id, boolean disabled, List<String> groups, Set<String> scopes,
            Profile profile) {}

    /**
     * Connects and reads the root DSE as the service account: whether the directory can serve now.
     * Throws {@link DirectoryUnavailable} when not.
     */
    public void probe() {
        connections.open(LdapConnections.Deadline.in(settings.timeoutMs()));
    }

    /** up, down, or unknown before the first contact. */
    public String state() {
        return connections.state().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public double up() {
        return switch (connections.state()) {
            case UP -> 1;
            case DOWN -> 0;
            case UNKNOWN -> Double.NaN;
        };
    }

    private static Identity identity(DirectoryUser row) {
        return new Identity(row.id(), row.directory(), row.username(), row.scopes(), row.profile(), row.updatedAt());
    }

    @Override
    public void close() {
        waits.shutdownNow();
        connections.close();
    }
}
