package dev.tollgate.identity;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import dev.tollgate.config.Config;
import java.io.File;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The connections to one LDAP directory: its servers in the order of {@code urls} (a server that
 * fails is moved to the end, so the next login tries the next one first), a pool for the service
 * account's searches and a separate pool for users' binds, so that a user's bind never changes who
 * the service connections are bound as. Each pool holds at most {@code pool_size} connections and
 * no more operations run on it at once; every wait, to connect, for a connection or for an
 * answer, ends within {@code timeout_ms}. Failures to reach the directory become
 * {@link DirectoryUnavailable}; the state of the last attempt is kept for the metrics.
 */
final class LdapConnections implements AutoCloseable {
    enum State { UNKNOWN, UP, DOWN }

    private final Config.DirectoryEntry settings;
    private final ServerSet servers;
    private final Semaphore searches;
    private final Semaphore binds;
    private final Object opening = new Object();
    private volatile LDAPConnectionPool servicePool;
    private volatile LDAPConnectionPool bindPool;
    private volatile State state = State.UNKNOWN;
    private volatile RootDSE rootDse;

    LdapConnections(Config.DirectoryEntry settings) {
        this.settings = settings;
        this.servers = servers(settings);
        this.searches = new Semaphore(settings.poolSize(), true);
        this.binds = new Semaphore(settings.poolSize(), true);
    }

    State state() {
        return state;
    }

    /** A search as the service account; entries beyond the request's size limit end it with SIZE_LIMIT_EXCEEDED. */
    SearchResult search(SearchRequest request, Deadline deadline) throws LDAPException {
        acquire(searches, deadline);
        try {
            request.setResponseTimeoutMillis(deadline.remainingMillis());
            SearchResult result = service().search(request);
            up();
            return result;
        } catch (LDAPException e) {
            if (unreachable(e.getResultCode())) {
                throw unavailable(e);
            }
            // an answer, if not the one hoped for: several entries, no such base, a filter it refuses
            up();
            throw e;
        } finally {
            searches.release();
        }
    }

    /**
     * The directory could not answer (rather than answered no): no connection, no answer in time,
     * busy or shutting down, or the service account's bind refused (a new connection's bind).
     */
    static boolean unreachable(ResultCode code) {
        return !code.isConnectionUsable() || ResultCode.BUSY.equals(code) || ResultCode.UNAVAILABLE.equals(code)
                || ResultCode.UNWILLING_TO_PERFORM.equals(code) || ResultCode.TIME_LIMIT_EXCEEDED.equals(code)
                || ResultCode.ADMIN_LIMIT_EXCEEDED.equals(code) || ResultCode.INVALID_CREDENTIALS.equals(code)
                || ResultCode.INAPPROPRIATE_AUTHENTICATION.equals(code) || ResultCode.OTHER.equals(code);
    }

    /** The directory's root DSE, read once: it says whether the directory is Active Directory. */
    RootDSE rootDse(Deadline deadline) {
        RootDSE known = rootDse;
        if (known != null) {
            return known;
        }
        acquire(searches, deadline);
        try {
            RootDSE read = service().getRootDSE();
            up();
            rootDse = read;
            return read;
        } catch (LDAPException e) {
            throw unavailable(e);
        } finally {
            searches.release();
        }
    }

    /**
     * Binds as {@code dn} with {@code password} on a connection of the bind pool: true when the
     * directory accepts the password, false when it refuses it. A connection found broken (the
     * server restarted) is replaced and the bind tried once more.
     */
    boolean bind(String dn, String password, Deadline deadline) {
        if (password.isEmpty()) {
            // an empty password would be an unauthenticated bind, which "succeeds" (RFC 4513 section 5.1.2)
            return false;
        }
        acquire(binds, deadline);
        try {
            for (int attempt = 0; ; attempt++) {
                LDAPConnectionPool pool = binder();
                LDAPConnection connection;
                try {
                    connection = pool.getConnection();
                } catch (LDAPException e) {
                    throw unavailable(e);
                }
                try {
                    SimpleBindRequest request = new SimpleBindRequest(dn, password);
                    request.setResponseTimeoutMillis(deadline.remainingMillis());
                    connection.bind(request);
                    pool.releaseConnection(connection);
                    up();
                    return true;
                } catch (LDAPException e) {
                    if (e.getResultCode().isConnectionUsable()) {
                        // INVALID_CREDENTIALS above all; also an account the directory disabled or locked
                        pool.releaseConnection(connection);
                        up();
                        return false;
                    }
                    pool.releaseDefunctConnection(connection);
                    if (attempt > 0 || deadline.remainingMillis() <= 1) {
                        throw unavailable(e);
                    }
                }
            }
        } finally {
            binds.release();
        }
    }

    /** Opens the pools now (at start, and for the directory check), so that the first login finds them ready. */
    void open(Deadline deadline) {
        rootDse(deadline);
        binder();
    }

    private LDAPConnectionPool service() {
        LDAPConnectionPool pool = servicePool;
        if (pool == null) {
            synchronized (opening) {
                if (servicePool == null) {
                    BindRequest bind = settings.bindDn().isEmpty() ? null
                            : new SimpleBindRequest(settings.bindDn(), settings.bindPassword());
                    servicePool = pool(bind);
                    servicePool.setRetryFailedOperationsDueToInvalidConnections(EnumSet.of(OperationType.SEARCH));
                }
                pool = servicePool;
            }
        }
        return pool;
    }

    private LDAPConnectionPool binder() {
        LDAPConnectionPool pool = bindPool;
        if (pool == null) {
            synchronized (opening) {
                if (bindPool == null) {
                    bindPool = pool(null);
                }
                pool = bindPool;
            }
        }
        return pool;
    }

    /**
     * A pool opened with all {@code pool_size} connections at once (in parallel, so a directory
     * that does not answer costs one {@code timeout_ms}, not one per connection). The pool would
     * otherwise hand the connections it has round before opening another, serializing the
     * logins on a few. Connections that could not be opened (the directory was down) are opened
     * on first use; the semaphores keep it at {@code pool_size} in use at once.
     */
    private LDAPConnectionPool pool(BindRequest bind) {
        try {
            int size = settings.poolSize();
            LDAPConnectionPool pool = new LDAPConnectionPool(servers, bind, size, size, size, null, false);
            pool.setCreateIfNecessary(true);
            pool.setMaxWaitTimeMillis(settings.timeoutMs());
            pool.setConnectionPoolName("tollgate-" + settings.name());
            return pool;
        } catch (LDAPException e) {
            throw unavailable(e);
        }
    }

    private void acquire(Semaphore permits, Deadline deadline) {
        try {
            if (!permits.tryAcquire(deadline.remainingMillis(), TimeUnit.MILLISECONDS)) {
                throw new DirectoryUnavailable(null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectoryUnavailable(e);
        }
    }

    private void up() {
        state = State.UP;
    }

    /** No answer within the login's time. */
    DirectoryUnavailable timedOut() {
        state = State.DOWN;
        return new DirectoryUnavailable(null);
    }

    DirectoryUnavailable unavailable(LDAPException e) {
        state = State.DOWN;
        return new DirectoryUnavailable(e);
    }

    @Override
    public void close() {
        synchronized (opening) {
            if (servicePool != null) {
                servicePool.close();
            }
            if (bindPool != null) {
                bindPool.close();
            }
        }
    }

    /** One server set per URL (ldaps:// with TLS from the start, ldap:// with StartTLS when asked), tried in order. */
    private static ServerSet servers(Config.DirectoryEntry settings) {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, settings.timeoutMs()));
        options.setResponseTimeoutMillis(settings.timeoutMs());
        options.setAbandonOnTimeout(true);
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        List<ServerSet> sets = new ArrayList<>();
        SSLContext tls = null;
        for (String url : settings.urls()) {
            LDAPURL parsed;
            try {
                parsed = new LDAPURL(url);
            } catch (LDAPException e) {
                throw new IllegalArgumentException("not an LDAP URL: " + url, e);
            }
            boolean ldaps = "ldaps".equals(parsed.getScheme());
            if ((ldaps || settings.startTls()) && tls == null) {
                tls = tls(settings);
            }
            SocketFactory sockets = ldaps ? tls.getSocketFactory() : SocketFactory.getDefault();
            PostConnectProcessor startTls = !ldaps && settings.startTls() ? new StartTLSPostConnectProcessor(tls) : null;
            sets.add(new SingleServerSet(parsed.getHost(), parsed.getPort(), sockets, options, null, startTls));
        }
        if (sets.size() == 1) {
            return sets.get(0);
        }
        FailoverServerSet failover = new FailoverServerSet(sets);
        failover.setReOrderOnFailover(true);
        return failover;
    }

    /** TLS that trusts {@code trust_cert} when given, else the JVM's default certificate authorities. */
    private static SSLContext tls(Config.DirectoryEntry settings) {
        try {
            TrustManager trust = settings.trustCert().isEmpty() ? JVMDefaultTrustManager.getInstance()
                    : new PEMFileTrustManager(new File(settings.trustCert()));
            return new SSLUtil(trust).createSSLContext();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("directory '" + settings.name() + "': trust_cert unusable: "
                    + e.getMessage(), e);
        }
    }

    /** The time a login has left: {@code timeout_ms} from its start, shared by its searches and binds. */
    static final class Deadline {
        private final long end;

        private Deadline(long end) {
            this.end = end;
        }

        static Deadline in(long millis) {
            return from(System.nanoTime(), millis);
        }

        /** {@code millis} from a moment before now (when the request began to wait its turn). */
        static Deadline from(long startedNanos, long millis) {
            return new Deadline(startedNanos + TimeUnit.MILLISECONDS.toNanos(millis));
        }

        boolean passed() {
            return System.nanoTime() - end >= 0;
        }

        long remainingMillis() {
            return Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()));
        }
    }
}
