package dev.tollgate.server;

import dev.tollgate.admin.Admin;
import dev.tollgate.admin.Apis;
import dev.tollgate.admin.Authenticators;
import dev.tollgate.admin.AuditEvents;
import dev.tollgate.admin.Clients;
import dev.tollgate.admin.DirectoryChecks;
import dev.tollgate.admin.DirectoryUsers;
import dev.tollgate.admin.Keys;
import dev.tollgate.admin.Lockouts;
import dev.tollgate.admin.Sessions;
import dev.tollgate.admin.Users;
import dev.tollgate.config.Config;
import dev.tollgate.identity.BruteForceGuard;
import dev.tollgate.identity.DatabaseDirectory;
import dev.tollgate.identity.Directories;
import dev.tollgate.identity.Directory;
import dev.tollgate.identity.LdapDirectory;
import dev.tollgate.keys.KeyRing;
import dev.tollgate.keys.SecretBox;
import dev.tollgate.mfa.MfaPolicy;
import dev.tollgate.mfa.MultiFactor;
import dev.tollgate.observe.AuditLog;
import dev.tollgate.observe.AuditOutput;
import dev.tollgate.observe.AuditQueue;
import dev.tollgate.observe.AuditRecord;
import dev.tollgate.observe.Metrics;
import dev.tollgate.store.AuditEntry;
import dev.tollgate.store.AuditEventStore;
import dev.tollgate.store.jdbc.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the server and the management commands share, built in one order by {@link #open}: storage,
 * the server key, password hashing, metrics, the audit log, the brute-force guard, the signing key
 * ring and the admin operations over them.
 */
public record Services(
        Config config,
        Clock clock,
        Stores stores,
        SecretBox secretBox,
        Hashing hashing,
        Metrics metrics,
        AuditLog audit,
        BruteForceGuard bruteForceGuard,
        KeyRing keyRing,
        Directories directories,
        MultiFactor mfa,
        Admin admin) implements AutoCloseable {

    /** For a server: the audit log file is opened (and checked) now. */
    public static Services open(Config config, Clock clock) {
        return open(config, clock, false);
    }

    /** For a management command: the audit log file is created only if the command writes an event. */
    public static Services forCommand(Config config) {
        return open(config, Clock.systemUTC(), true);
    }

    private static Services open(Config config, Clock clock, boolean lazyAudit) {
        Metrics metrics = new Metrics();
        Database database = Database.open(config.storage(), metrics.registry());
        AuditLog audit = null;
        try {
            Stores stores = Stores.open(database, clock);
            SecretBox secretBox = new SecretBox(config.keys().encryptionKey(), Path.of(config.keys().encryptionKeyFile()));
            audit = openAudit(config.audit(), lazyAudit, stores.auditEvents());
            Config.BruteForce limits = config.bruteForce();
            BruteForceGuard guard = new BruteForceGuard(stores.loginFailures(), new BruteForceGuard.Settings(
                    limits.maxFailures(), limits.lockoutSeconds(), limits.maxLockoutSeconds()), clock, audit);
            metrics.watch(guard);
            Hashing hashing = Hashing.of(config.passwords());
            metrics.watch(hashing.pool());
            KeyRing keyRing = new KeyRing(stores.signingKeys(), secretBox, clock);
            Directories directories = directories(config, stores, hashing, clock);
            directories.all().stream().filter(d -> d instanceof LdapDirectory)
                    .forEach(d -> metrics.watch((LdapDirectory) d));
            Config.Mfa mfaConfig = config.mfa();
            MultiFactor mfa = new MultiFactor(stores.mfa(), secretBox, clock, new MultiFactor.Settings(
                    MfaPolicy.parse(mfaConfig.policy()).orElseThrow(), mfaConfig.issuerLabel(), mfaConfig.tokenTtl()));
            Users users = new Users(stores.users(), hashing.hasher(), guard);
            Admin admin = new Admin(
                    new Clients(stores.clients(), hashing.hasher(), secretBox, clock, Set.copyOf(directories.names())),
                    users,
                    new Apis(stores.apis()),
                    new Keys(keyRing, stores.signingKeys(), stores.clients(), stores.apis(),
                            new Keys.Settings(config.tokens().accessTokenTtl(), config.keys().reloadInterval()), clock),
                    new Sessions(stores.refreshTokens(), clock),
                    new Lockouts(stores.loginFailures(), guard, clock),
                    new AuditEvents(stores.auditEvents(), audit::flush, config.audit().retentionDays()),
                    new DirectoryChecks(directories),
                    new DirectoryUsers(stores.directoryUsers()),
                    new Authenticators(users, mfa));
            return new Services(config, clock, stores, secretBox, hashing, metrics, audit, guard, keyRing, directories,
                    mfa, admin);
        } catch (RuntimeException e) {
            if (audit != null) {
                audit.close();
            }
            database.close();
            throw e;
        }
    }

    /** The audit log file, and the events stored in the database through a queue, off the request threads. */
    private static AuditLog openAudit(Config.Audit config, boolean lazy, AuditEventStore store) {
        AuditQueue queue = new AuditQueue(records -> store.insert(records.stream().map(Services::entry).toList()));
        try {
            return AuditOutput.open(config.file(), lazy, queue);
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
    }

    private static AuditEntry entry(AuditRecord record) {
        return new AuditEntry(0, record.occurredAt(), record.event(), record.outcome(), record.clientId(),
                record.username(), record.clientIp(), record.details());
    }

    /**
     * The user directories: the database first, then the file's {@code [[directories]]}. An LDAP
     * directory connects on first use, so a command that does not need it never reaches it.
     */
    private static Directories directories(Config config, Stores stores, Hashing hashing, Clock clock) {
        DatabaseDirectory database = new DatabaseDirectory(stores.users(), hashing.hasher(), hashing.pool());
        List<Directory> all = new ArrayList<>();
        all.add(database);
        for (Config.DirectoryEntry entry : config.directories()) {
            all.add(new LdapDirectory(entry, stores.directoryUsers(), clock, config.tokens().directoryRecheckSeconds(),
                    DatabaseDirectory.NAME.equals(entry.migrateTo()) ? database : null,
                    config.passwords().hashQueue()));
        }
        return new Directories(all, config.oauth().defaultDirectory());
    }

    /** The audit log before the database: it writes its queued events there as it closes. */
    @Override
    public void close() {
        directories.close();
        hashing.pool().close();
        audit.close();
        stores.database().close();
    }
}
