package dev.tollgate.server;

import dev.tollgate.config.Config;
import dev.tollgate.identity.BruteForceGuard;
import dev.tollgate.identity.HashPool;
import dev.tollgate.identity.LoginQueue;
import dev.tollgate.identity.PasswordHasher;
import dev.tollgate.keys.SecretBox;
import dev.tollgate.observe.Metrics;
import dev.tollgate.store.AccessTokenStore;
import dev.tollgate.store.AssertionJtiStore;
import dev.tollgate.store.ApiStore;
import dev.tollgate.observe.AuditLog;
import dev.tollgate.observe.AuditOutput;
import dev.tollgate.store.ClientStore;
import dev.tollgate.store.LoginFailureStore;
import dev.tollgate.store.SigningKeyStore;
import dev.tollgate.store.RefreshTokenStore;
import dev.tollgate.store.UserStore;
import dev.tollgate.store.jdbc.Database;
import dev.tollgate.store.jdbc.JdbcAccessTokenStore;
import dev.tollgate.store.jdbc.JdbcApiStore;
import dev.tollgate.store.jdbc.JdbcAssertionJtiStore;
import dev.tollgate.store.jdbc.JdbcClientStore;
import dev.tollgate.store.jdbc.JdbcLoginFailureStore;
import dev.tollgate.store.jdbc.JdbcSigningKeyStore;
import dev.tollgate.store.jdbc.JdbcRefreshTokenStore;
import dev.tollgate.store.jdbc.JdbcUserStore;
import java.time.Clock;

/**
 * Storage, password hashing, the brute-force guard and the audit log: what the server and the
 * management commands both need.
 */
public final class Services implements AutoCloseable {
    public final Config config;
    public final Clock clock;
    public final Database database;
    public final ClientStore clients;
    public final UserStore users;
    public final ApiStore apis;
    public final RefreshTokenStore refreshTokens;
    public final AccessTokenStore accessTokens;
    public final SigningKeyStore signingKeys;
    public final AssertionJtiStore assertionJtis;
    public final SecretBox secretBox;
    public final PasswordHasher hasher;
    public final HashPool hashPool;
    public final Metrics metrics;
    public final LoginQueue loginQueue;
    public final LoginFailureStore loginFailures;
    private AuditLog audit;
    private BruteForceGuard bruteForceGuard;

    private Services(Config config, Clock clock, Database database, Metrics metrics) {
        this.config = config;
        this.clock = clock;
        this.database = database;
        this.clients = new JdbcClientStore(database.jdbi(), clock);
        this.users = new JdbcUserStore(database.jdbi(), clock);
        this.apis = new JdbcApiStore(database.jdbi(), clock);
        this.refreshTokens = new JdbcRefreshTokenStore(database.jdbi());
        this.accessTokens = new JdbcAccessTokenStore(database.jdbi());
        this.assertionJtis = new JdbcAssertionJtiStore(database.jdbi());
        this.secretBox = new SecretBox(config.keys().encryptionKey(), java.nio.file.Path.of(config.keys().encryptionKeyFile()));
        this.signingKeys = new JdbcSigningKeyStore(database.jdbi());
        Config.Passwords passwords = config.passwords();
        this.hasher = new PasswordHasher(passwords.memoryKib(), passwords.iterations(), passwords.parallelism(),
                passwords.nativeArgon2());
        this.hashPool = new HashPool(passwords.hashThreads(), passwords.hashQueue());
        this.metrics = metrics;
        metrics.watch(hashPool);
        this.loginQueue = new LoginQueue(hashPool.threads(), passwords.hashQueue());
        this.loginFailures = new JdbcLoginFailureStore(database.jdbi());
    }

    /** The audit log, opened on first use so that commands which write no events create no file. */
    public synchronized AuditLog audit() {
        if (audit == null) {
            audit = AuditOutput.open(config.audit().file());
        }
        return audit;
    }

    public synchronized BruteForceGuard bruteForceGuard() {
        if (bruteForceGuard == null) {
            Config.BruteForce limits = config.bruteForce();
            bruteForceGuard = new BruteForceGuard(loginFailures, new BruteForceGuard.Settings(
                    limits.maxFailures(), limits.lockoutSeconds(), limits.maxLockoutSeconds()), clock, audit());
            metrics.watch(bruteForceGuard);
        }
        return bruteForceGuard;
    }

    public static Services open(Config config) {
        return open(config, Clock.systemUTC());
    }

    public static Services open(Config config, Clock clock) {
        Metrics metrics = new Metrics();
        return new Services(config, clock, Database.open(config.storage(), metrics.registry()), metrics);
    }

    @Override
    public void close() {
        hashPool.close();
        database.close();
        synchronized (this) {
            if (audit != null) {
                audit.close();
            }
        }
    }
}
