package dev.tollgate.config;

import dev.tollgate.mfa.MfaPolicy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks values that parse but cannot work, naming the key at fault. */
public final class ConfigValidator {
    /**
     * An IPv4 or IPv6 literal with an optional prefix length. Host names are refused: resolving
     * them would make the proxy list depend on DNS.
     */
    private static final Pattern TRUSTED_PROXY = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}"
                    + "|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*)(/[0-9]{1,3})?");

    /** What a developer's application may be given: the grants that need no redirect. */
    private static final List<String> PORTAL_GRANTS = List.of("password", "refresh_token", "client_credentials");

    private final Config config;

    ConfigValidator(Config config) {
        this.config = config;
    }

    void validate() {
        Config.Server server = config.server();
        require(server.port() >= 0 && server.port() <= 65535, "server.port", "must be between 0 and 65535");
        require(notBlank(server.host()), "server.host", "must not be empty");
        require(server.shutdownTimeout() >= 0, "server.shutdown_timeout", "must be 0 or more");
        require(notBlank(config.storage().url()), "storage.url", "must not be empty");
        require(config.storage().poolSize() >= 1, "storage.pool_size", "must be at least 1");
        Config.Tokens tokens = config.tokens();
        require(tokens.accessTokenTtl() > 0, "tokens.access_token_ttl", "must be positive");
        require(tokens.refreshTokenTtl() > 0, "tokens.refresh_token_ttl", "must be positive");
        require(tokens.refreshTokenMaxLifetime() >= tokens.refreshTokenTtl(), "tokens.refresh_token_max_lifetime",
                "must be at least tokens.refresh_token_ttl");
        require(config.clientAuth().maxAssertionLifetime() > 0, "client_auth.max_assertion_lifetime", "must be positive");
        require(config.clientAuth().jwksRefetchInterval() >= 0, "client_auth.jwks_refetch_interval",
                "must be 0 or more");
        require(!config.keys().encryptionKeyFile().isBlank() || !config.keys().encryptionKey().isEmpty(),
                "keys.encryption_key_file", "must not be empty when keys.encryption_key is");
        require(config.keys().reloadInterval() >= 1, "keys.reload_interval", "must be at least 1");
        Config.Passwords passwords = config.passwords();
        require("argon2id".equals(passwords.algorithm()), "passwords.algorithm", "must be \"argon2id\"");
        require(passwords.memoryKib() >= 8 * passwords.parallelism(), "passwords.memory_kib",
                "must be at least 8 times passwords.parallelism");
        require(passwords.iterations() >= 1, "passwords.iterations", "must be at least 1");
        require(passwords.parallelism() >= 1, "passwords.parallelism", "must be at least 1");
        require(passwords.hashThreads() >= 0, "passwords.hash_threads", "must be 0 (one per CPU) or more");
        require(passwords.hashQueue() >= 1, "passwords.hash_queue", "must be at least 1");
        validateTls(server.tls());
        for (String proxy : server.trustedProxies()) {
            require(TRUSTED_PROXY.matcher(proxy).matches(), "server.trusted_proxies",
                    "entry '" + proxy + "' is not an IP address or CIDR range such as 10.0.0.0/8");
        }
        Config.BruteForce bruteForce = config.bruteForce();
        require(bruteForce.maxFailures() >= 0, "brute_force.max_failures", "must be 0 (no lockout) or more");
        require(bruteForce.lockoutSeconds() >= 1, "brute_force.lockout_seconds", "must be at least 1");
        require(bruteForce.maxLockoutSeconds() >= bruteForce.lockoutSeconds(), "brute_force.max_lockout_seconds",
                "must be at least brute_force.lockout_seconds");
        require(bruteForce.ipRequestsPerMinute() >= 0, "brute_force.ip_requests_per_minute",
                "must be 0 (no limit) or more");
        require(config.audit().retentionDays() >= 1, "audit.retention_days", "must be at least 1");
        Config.Metrics metrics = config.metrics();
        require(notBlank(metrics.host()), "metrics.host", "must not be empty");
        require(metrics.port() >= 0 && metrics.port() <= 65535, "metrics.port", "must be between 0 and 65535");
        require(metrics.port() == 0 || metrics.port() != server.port(), "metrics.port",
                "must differ from server.port: metrics are not served on the public listener");
        Config.Console console = config.console();
        require(console.idleTimeout() >= 1, "console.idle_timeout", "must be at least 1");
        require(console.absoluteTimeout() >= console.idleTimeout(), "console.absolute_timeout",
                "must be at least console.idle_timeout");
        for (String grant : config.portal().grantTypes()) {
            require(PORTAL_GRANTS.contains(grant), "portal.grant_types",
                    "entry '" + grant + "' is not one of " + String.join(", ", PORTAL_GRANTS));
        }
        require(config.tokens().directoryRecheckSeconds() >= 0, "tokens.directory_recheck_seconds",
                "must be 0 (ask every time) or more");
        Config.Mfa mfa = config.mfa();
        require(MfaPolicy.parse(mfa.policy()).isPresent(), "mfa.policy",
                "must be one of " + String.join(", ", MfaPolicy.NAMES));
        require(notBlank(mfa.issuerLabel()) && !mfa.issuerLabel().contains(":"), "mfa.issuer_label",
                "must not be empty nor contain ':'");
        require(mfa.tokenTtl() >= 1, "mfa.token_ttl", "must be at least 1");
        Set<String> directories = validateDirectories(config.directories());
        require(directories.contains(config.oauth().defaultDirectory()), "oauth.default_directory",
                "names no directory (known: " + String.join(", ", directories) + ")");
        validateClients(config.clients(), directories);
        validateUsers(config.users());
        validateApis(config.apis());
    }

    private static void validateTls(Config.Tls tls) {
        require(tls.cert() != null && tls.key() != null, "server.tls", "needs cert and key");
        require(tls.cert().isEmpty() == tls.key().isEmpty(), tls.cert().isEmpty() ? "server.tls.cert" : "server.tls.key",
                "must be set together with " + (tls.cert().isEmpty() ? "server.tls.key" : "server.tls.cert"));
        for (String key : new String[] {"cert", "key"}) {
            String file = key.equals("cert") ? tls.cert() : tls.key();
            require(file.isEmpty() || Files.isReadable(Path.of(file)), "server.tls." + key,
                    "names a file that cannot be read: " + file);
        }
    }

    /** The names of every directory: the built-in one first, then the file's. */
    private static Set<String> validateDirectories(List<Config.DirectoryEntry> entries) {
        Set<String> names = new LinkedHashSet<>();
        names.add(DirectoryRules.DATABASE);
        for (int i = 0; i < entries.size(); i++) {
            Config.DirectoryEntry entry = entries.get(i);
            String key = "directories[" + i + "]";
            require(key, DirectoryRules.check(entry));
            require(names.add(entry.name()), key + ".name", "repeats directory '" + entry.name() + "'");
        }
        return names;
    }

    private static void validateClients(List<Config.ClientEntry> clients, Set<String> directories) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < clients.size(); i++) {
            Config.ClientEntry client = clients.get(i);
            String key = "clients[" + i + "]";
            require(notBlank(client.id()), key + ".id", "is required");
            require(ids.add(client.id()), key + ".id", "repeats client '" + client.id() + "'");
            require(client.secret() == null || !client.secret().isEmpty(), key + ".secret",
                    "must not be empty (omit it for a public client)");
            require(key, ClientRules.check(client.secret() != null, client.grantTypes(), client.accessTokenTtl(),
                    client.refreshTokenPolicy(), client.authMethods(), client.jwks(), client.jwksUri(),
                    Boolean.TRUE.equals(client.forwardedUserIp()), client.canIntrospect()));
            require(key, DirectoryRules.checkClientDirectories(client.directories(), directories));
            require(client.mfa() == null || MfaPolicy.parse(client.mfa()).isPresent(), key + ".mfa",
                    "must be one of " + String.join(", ", MfaPolicy.NAMES));
        }
    }

    private static void validateUsers(List<Config.UserEntry> users) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < users.size(); i++) {
            Config.UserEntry user = users.get(i);
            String key = "users[" + i + "]";
            require(notBlank(user.username()), key + ".username", "is required");
            require(names.add(user.username().toLowerCase(java.util.Locale.ROOT)), key + ".username",
                    "repeats user '" + user.username() + "'");
            require(user.password() == null || user.passwordHash() == null, key + ".password",
                    "give password or password_hash, not both");
            require(user.password() != null || user.passwordHash() != null, key + ".password",
                    "password or password_hash is required");
        }
    }

    private static void validateApis(List<Config.ApiEntry> apis) {
        Set<String> identifiers = new HashSet<>();
        for (int i = 0; i < apis.size(); i++) {
            Config.ApiEntry api = apis.get(i);
            String key = "apis[" + i + "]";
            require(key, ApiRules.check(api.identifier(), api.tokenFormat(), api.signingAlg(), api.accessTokenTtl(),
                    api.tokenTyp()));
            require(identifiers.add(api.identifier()), key + ".identifier",
                    "repeats API '" + api.identifier() + "'");
        }
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static void require(String entry, Problem problem) {
        if (problem != null) {
            throw new ConfigException("config key '" + entry + "." + problem.field() + "' " + problem.message());
        }
    }

    private static void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw new ConfigException("config key '" + key + "' " + problem);
        }
    }
}
