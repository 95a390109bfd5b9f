package dev.tollgate.config;

import java.util.List;
import java.util.Map;

/** The whole configuration, as read from TOML, environment and command line (see {@link ConfigLoader}). */
public record Config(
        Server server,
        Storage storage,
        OAuth oauth,
        Tokens tokens,
        ClientAuth clientAuth,
        Keys keys,
        Passwords passwords,
        BruteForce bruteForce,
        Audit audit,
        Metrics metrics,
        Console console,
        Portal portal,
        Mfa mfa,
        List<ClientEntry> clients,
        List<UserEntry> users,
        List<ApiEntry> apis,
        List<DirectoryEntry> directories) {

    public Config {
        clients = clients == null ? List.of() : List.copyOf(clients);
        users = users == null ? List.of() : List.copyOf(users);
        apis = apis == null ? List.of() : List.copyOf(apis);
        directories = directories == null ? List.of() : List.copyOf(directories);
    }

    /**
     * @param shutdownTimeout seconds SIGTERM waits for requests in flight
     * @param trustedProxies addresses or CIDR ranges whose {@code X-Forwarded-For} is believed
     */
    public record Server(String host, int port, String issuer, long shutdownTimeout, List<String> trustedProxies,
            Tls tls) {
        public Server {
            trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
            tls = tls == null ? new Tls("", "") : tls;
        }
    }

    /** PEM files of the certificate chain and its private key; both empty: plain HTTP. */
    public record Tls(String cert, String key) {
        public boolean enabled() {
            return !cert.isEmpty();
        }
    }

    public record Storage(String url, String user, String password, int poolSize) {}

    /** @param defaultDirectory the user directory of clients that name none ({@code database}: the built-in one) */
    public record OAuth(String defaultDirectory, GrantTypes grantType) {}

    public record GrantTypes(Toggle password) {}

    public record Toggle(boolean enable) {}

    public record Tokens(
            String defaultAudience,
            long accessTokenTtl,
            long refreshTokenTtl,
            long refreshTokenMaxLifetime,
            boolean includeIssuedAt,
            long directoryRecheckSeconds) {}

    /** Client assertions: their longest accepted lifetime, and how often a client's jwks_uri may be refetched. */
    public record ClientAuth(long maxAssertionLifetime, long jwksRefetchInterval) {}

    /** The server key that encrypts secrets at rest: base64 of 32 bytes, else kept in (or generated into) a file. */
    /** @param nativeCrypto sign and verify tokens with Amazon Corretto Crypto Provider when it loads */
    public record Keys(String encryptionKey, String encryptionKeyFile, long reloadInterval, boolean nativeCrypto) {}

    /** @param nativeArgon2 hash with libargon2 when it loads (else, and when false, Bouncy Castle) */
    public record Passwords(
            String algorithm, int memoryKib, int iterations, int parallelism, int hashThreads, int hashQueue,
            boolean nativeArgon2) {}

    /**
     * Per-username lockout, and the per-client-IP rate limit of the endpoints that take credentials.
     *
     * @param maxFailures consecutive failed logins that lock a username; 0 turns lockout off
     * @param ipRequestsPerMinute requests per client IP and minute to the endpoints that take credentials (token,
     *     revocation, introspection, UserInfo), together; 0 turns the limit off
     */
    public record BruteForce(int maxFailures, long lockoutSeconds, long maxLockoutSeconds, int ipRequestsPerMinute) {}

    /**
     * @param file where the JSON lines go: a path, {@code "-"} for standard output, {@code ""} for the default
     * @param retentionDays how long the events stored in the database are kept
     */
    public record Audit(String file, int retentionDays) {}

    /**
     * The management listener, which serves {@code /metrics} apart from the public endpoints: the
     * metrics name clients and show load, which is for operators only.
     *
     * @param port 0: any free port (logged at start)
     */
    public record Metrics(String host, int port) {}

    /**
     * The web console's (and the developer portal's) sign-in sessions, kept in this server's memory.
     *
     * @param idleTimeout seconds without a request after which a session ends
     * @param absoluteTimeout seconds after sign-in after which a session ends however busy
     */
    public record Console(long idleTimeout, long absoluteTimeout) {}

    /**
     * The developer portal at {@code /portal}.
     *
     * @param selfSignup anyone may create a developer account
     * @param grantTypes the grant types developers may give their applications
     */
    public record Portal(boolean enabled, boolean selfSignup, List<String> grantTypes) {
        public Portal {
            grantTypes = grantTypes == null ? List.of() : List.copyOf(grantTypes);
        }
    }

    /**
     * Multi-factor authentication at the password grants.
     *
     * @param policy {@code off}, {@code if_enrolled} (users with an authenticator give a code) or
     *     {@code required} (every user; one without an authenticator enrols first)
     * @param issuerLabel the name authenticator apps show for the account
     * @param tokenTtl seconds an {@code mfa_token} lives
     */
    public record Mfa(String policy, String issuerLabel, long tokenTtl) {}

    /** A {@code [[clients]]} table: created or updated at start-up. */
    public record ClientEntry(
            String id,
            String secret,
            List<String> grantTypes,
            List<String> scopes,
            Long accessTokenTtl,
            String refreshTokenPolicy,
            List<String> authMethods,
            String jwks,
            String jwksUri,
            Boolean forwardedUserIp,
            Boolean canIntrospect,
            List<String> directories,
            String mfa) {}

    /** An {@code [[apis]]} table: a protected API, created or updated at start-up. */
    public record ApiEntry(
            String identifier, List<String> scopes, String tokenFormat, Long accessTokenTtl, String signingAlg,
            String tokenTyp) {}

    /**
     * A {@code [[directories]]} table: an LDAP or Active Directory user directory. Null values mean
     * the defaults.
     */
    public record DirectoryEntry(
            String name,
            String type,
            List<String> urls,
            Boolean startTls,
            String trustCert,
            String bindDn,
            String bindPassword,
            String userBase,
            String userFilter,
            String idAttribute,
            String groupBase,
            Map<String, List<String>> groupScopes,
            List<String> defaultScopes,
            Integer poolSize,
            Long timeoutMs,
            Map<String, String> claims,
            String migrateTo) {
        public static final String LDAP = "ldap";

        public DirectoryEntry {
            urls = urls == null ? List.of() : List.copyOf(urls);
            startTls = startTls != null && startTls;
            trustCert = trustCert == null ? "" : trustCert;
            bindDn = bindDn == null ? "" : bindDn;
            bindPassword = bindPassword == null ? "" : bindPassword;
            userBase = userBase == null ? "" : userBase;
            userFilter = userFilter == null ? "(uid={username})" : userFilter;
            idAttribute = idAttribute == null ? "entryUUID" : idAttribute;
            groupBase = groupBase == null ? "" : groupBase;
            groupScopes = groupScopes == null ? Map.of() : Map.copyOf(groupScopes);
            defaultScopes = defaultScopes == null ? List.of() : List.copyOf(defaultScopes);
            poolSize = poolSize == null ? 8 : poolSize;
            timeoutMs = timeoutMs == null ? 3000L : timeoutMs;
            claims = claims == null ? Map.of() : Map.copyOf(claims);
        }

        /** Never shows the bind password, wherever a table ends up printed. */
        @Override
        public String toString() {
            return "DirectoryEntry[name=" + name + ", type=" + type + ", urls=" + urls + ", bindDn=" + bindDn
                    + ", userBase=" + userBase + ", userFilter=" + userFilter + "]";
        }
    }

    /** A {@code [[users]]} table: created or updated at start-up. */
    public record UserEntry(
            String username,
            String password,
            String passwordHash,
            List<String> scopes,
            String email,
            Boolean emailVerified,
            String name,
            String givenName,
            String familyName,
            String phoneNumber,
            Boolean phoneNumberVerified,
            String address) {}

    public Config withServer(Server newServer) {
        return new Config(newServer, storage, oauth, tokens, clientAuth, keys, passwords, bruteForce, audit, metrics,
                console, portal, mfa, clients, users, apis, directories);
    }

    public boolean passwordGrantEnabled() {
        return oauth.grantType().password().enable();
    }
}
