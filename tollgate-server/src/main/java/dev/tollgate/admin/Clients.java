package dev.tollgate.admin;

import dev.tollgate.mfa.MfaPolicy;

import dev.tollgate.config.ClientRules;
import dev.tollgate.config.DirectoryRules;
import dev.tollgate.config.Problem;
import dev.tollgate.identity.PasswordHasher;
import dev.tollgate.keys.SecretBox;
import dev.tollgate.oauth.GrantTypes;
import dev.tollgate.oauth.clientauth.GeneratedSecretHash;
import dev.tollgate.store.Client;
import dev.tollgate.store.ClientStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Registering and changing clients: secrets are generated here, kept only as hashes (SHA-256 for
 * a generated secret, Argon2id for one chosen by hand; see {@link GeneratedSecretHash}), and also
 * sealed under the server key for clients that use {@code client_secret_jwt}. The CLI, the
 * configuration file and the demo all register clients through this class.
 */
public final class Clients {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ClientStore store;
    private final PasswordHasher hasher;
    private final SecretBox secretBox;
    private final Clock clock;
    private final Set<String> directories;

    public Clients(ClientStore store, PasswordHasher hasher, SecretBox secretBox, Clock clock) {
        this(store, hasher, secretBox, clock, null);
    }

    /** @param directories the names of the server's user directories; null: any well-formed name */
    public Clients(ClientStore store, PasswordHasher hasher, SecretBox secretBox, Clock clock, Set<String> directories) {
        this.store = store;
        this.hasher = hasher;
        this.secretBox = secretBox;
        this.clock = clock;
        this.directories = directories == null ? null : Set.copyOf(directories);
    }

    /** A client just registered, or given a new secret: the generated secret, shown once; null when none was generated. */
    public record Registered(Client client, String secret) {}

    /** Registers a new client; a client with this id must not exist. */
    public Registered register(ClientSpec spec) {
        validate(spec);
        if (store.find(spec.id()).isPresent()) {
            throw new AdminException.Conflict("client '" + spec.id() + "' already exists");
        }
        String generated = spec.secret() == null && spec.generateSecret() ? generateSecret() : null;
        String secret = spec.secret() != null ? spec.secret() : generated;
        Client client = build(spec, hash(spec.secret(), generated));
        if (client.allowsAuthMethod(Client.CLIENT_SECRET_JWT)) {
            client = client.withSecret(client.secretHash(), secretBox.seal(secret), null);
        }
        store.save(client);
        return new Registered(client, generated);
    }

    /**
     * Creates the client or brings it in line with the spec (the configuration file at every
     * start). A stored hash that still matches the secret is kept, so restarts do not rehash.
     */
    public Client put(ClientSpec spec) {
        validate(spec);
        Optional<Client> existing = store.find(spec.id());
        String hash = spec.secret() == null ? null
                : keepOrHash(spec.secret(), existing.map(Client::secretHash).orElse(null));
        Client client = build(spec, hash);
        if (client.allowsAuthMethod(Client.CLIENT_SECRET_JWT)) {
            String sealed = existing.filter(old -> hash.equals(old.secretHash())).map(Client::sealedSecret)
                    .orElseGet(() -> secretBox.seal(spec.secret()));
            client = client.withSecret(hash, sealed, null);
        }
        store.save(client);
        return client;
    }

    /**
     * Replaces a client's settings. With no {@code secret} in the spec the client keeps its
     * secret (and a rotated one's grace period); with one, that becomes its secret.
     */
    public Client update(String id, ClientSpec spec) {
        Client existing = get(id);
        if (!id.equals(spec.id())) {
            throw new AdminException.Invalid("id", "cannot be changed");
        }
        if (spec.secret() != null) {
            return put(spec);
        }
        validate(new ClientSpec(spec.id(), null, existing.secretHash() != null, spec.grantTypes(), spec.scopes(),
                spec.accessTokenTtl(), spec.refreshTokenPolicy(), spec.authMethods(), spec.jwks(), spec.jwksUri(),
                spec.forwardedUserIp(), spec.canIntrospect(), spec.directories()));
        Client client = build(spec, existing.secretHash())
                .withSecret(existing.secretHash(), existing.sealedSecret(), existing.previousSecret());
        if (client.allowsAuthMethod(Client.CLIENT_SECRET_JWT) && existing.sealedSecret() == null) {
            throw new AdminException.Invalid("auth_methods",
                    "client_secret_jwt needs the secret kept sealed: set a new secret or rotate it in the same change");
        }
        store.save(client);
        return client;
    }

    /**
     * Gives the client a new random secret; the old one keeps working for {@code keepOldForSeconds}
     * (0: not at all).
     */
    public Registered rotateSecret(String id, long keepOldForSeconds) {
        if (keepOldForSeconds < 0) {
            throw new AdminException.Invalid("keep_old_for_seconds", "must not be negative");
        }
        Client client = get(id);
        if (client.secretHash() == null) {
            throw new AdminException.Invalid("secret", "cannot be rotated: client '" + id + "' has no secret");
        }
        String secret = generateSecret();
        String sealed = client.allowsAuthMethod(Client.CLIENT_SECRET_JWT) ? secretBox.seal(secret) : null;
        Client.PreviousSecret previous = keepOldForSeconds == 0 ? null : new Client.PreviousSecret(client.secretHash(),
                client.sealedSecret(), clock.instant().getEpochSecond() + keepOldForSeconds);
        Client rotated = client.withSecret(GeneratedSecretHash.of(secret), sealed, previous);
        store.save(rotated);
        return new Registered(rotated, secret);
    }

    /**
     * Imports a client with its secret ({@code spec.secret()}, kept as an Argon2id hash) or with a
     * secret hash made elsewhere ({@code secretHash}: a generated secret's {@code sha256:} form
     * or a password hash this server verifies), or neither for a public client. A client that
     * exists with the same settings and secret is left alone; one that differs is a conflict
     * unless {@code update}. {@code client_secret_jwt} needs the secret itself: a client imported
     * with only a hash is refused it. Nothing is written with {@code dryRun}.
     */
    public Users.Imported importClient(ClientSpec spec, String secretHash, boolean update, boolean dryRun) {
        checkImport(spec, secretHash);
        Optional<Client> existing = store.find(spec.id());
        String stored = existing.map(Client::secretHash).orElse(null);
        String hash = spec.secret() == null ? secretHash
                : stored != null && hasher.verify(spec.secret(), stored) ? stored : hasher.hash(spec.secret());
        Client wanted = build(spec, hash);
        if (wanted.allowsAuthMethod(Client.CLIENT_SECRET_JWT)) {
            String sealed = existing.filter(old -> hash.equals(old.secretHash())).map(Client::sealedSecret)
                    .orElseGet(() -> secretBox.seal(spec.secret()));
            wanted = wanted.withSecret(hash, sealed, null);
        }
        if (existing.isEmpty()) {
            if (!dryRun) {
                store.save(wanted);
            }
            return Users.Imported.ADDED;
        }
        Client old = existing.get();
        if (wanted.withSecret(wanted.secretHash(), old.sealedSecret(), old.previousSecret()).equals(old)) {
            return Users.Imported.UNCHANGED;
        }
        if (!update) {
            return Users.Imported.conflict("client '" + spec.id() + "' exists with different settings or secret"
                    + " (--update replaces it)");
        }
        if (!dryRun) {
            store.save(wanted);
        }
        return Users.Imported.UPDATED;
    }

    /** Refuses, naming the field, a client {@link #importClient} would refuse. */
    public void checkImport(ClientSpec spec, String secretHash) {
        validate(new ClientSpec(spec.id(), spec.secret(), secretHash != null, spec.grantTypes(), spec.scopes(),
                spec.accessTokenTtl(), spec.refreshTokenPolicy(), spec.authMethods(), spec.jwks(), spec.jwksUri(),
                spec.forwardedUserIp(), spec.canIntrospect()));
        Limits.check("id", spec.id(), 255);
        Limits.check("scopes", spec.scopes() == null ? null : String.join(" ", spec.scopes()), 4096);
        Limits.check("jwks", spec.jwks(), 65536);
        Limits.check("jwks_uri", spec.jwksUri(), 2048);
        if (secretHash != null) {
            Limits.check("secret_hash", secretHash, 512);
            if (GeneratedSecretHash.recognizes(secretHash) ? !secretHash.matches("sha256:[0-9a-f]{64}")
                    : !hasher.isSupported(secretHash) || hasher.isWeak(secretHash)) {
                throw new AdminException.Invalid("secret_hash", Users.UNSUPPORTED_HASH);
            }
            if (spec.authMethods() != null && spec.authMethods().contains(Client.CLIENT_SECRET_JWT)) {
                throw new AdminException.Invalid("auth_methods",
                        "client_secret_jwt needs the secret itself, not its hash: rotate the secret after the import");
            }
        }
    }

    /** Removes the client and, with it, its refresh tokens and opaque access tokens. */
    public void remove(String id) {
        if (!store.remove(id)) {
            throw new AdminException.NotFound("no client '" + id + "'");
        }
    }

    public Optional<Client> find(String id) {
        return store.find(id);
    }

    public Client get(String id) {
        return store.find(id).orElseThrow(() -> new AdminException.NotFound("no client '" + id + "'"));
    }

    public List<Client> list() {
        return store.list();
    }

    /** 256 random bits, URL-safe. */
    public static String generateSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void validate(ClientSpec spec) {
        if (spec.id() == null || spec.id().isBlank()) {
            throw new AdminException.Invalid("id", "is required");
        }
        if (spec.secret() != null && spec.secret().isEmpty()) {
            throw new AdminException.Invalid("secret", "must not be empty (omit it for a public client)");
        }
        Problem problem = ClientRules.check(spec.hasSecret(), spec.grantTypes(), spec.accessTokenTtl(),
                spec.refreshTokenPolicy(), spec.authMethods(), spec.jwks(), spec.jwksUri(), spec.forwardedUserIp(),
                spec.canIntrospect());
        if (problem == null) {
            problem = DirectoryRules.checkClientDirectories(spec.directories(), directories);
        }
        if (problem != null) {
            throw new AdminException.Invalid(problem.field(), problem.message());
        }
    }

    private static Client build(ClientSpec spec, String secretHash) {
        if (spec.mfa() != null && MfaPolicy.parse(spec.mfa()).isEmpty()) {
            throw new AdminException.Invalid("mfa", "must be one of " + String.join(", ", MfaPolicy.NAMES));
        }
        List<String> grants = Objects.requireNonNullElse(spec.grantTypes(), GrantTypes.CLIENT_DEFAULT);
        return new Client(spec.id(), secretHash,
                new LinkedHashSet<>(grants),
                new LinkedHashSet<>(Objects.requireNonNullElse(spec.scopes(), List.of())),
                spec.accessTokenTtl(), spec.refreshTokenPolicy(),
                spec.authMethods() == null ? null : new LinkedHashSet<>(spec.authMethods()),
                spec.jwks(), spec.jwksUri(), null, null, spec.forwardedUserIp(),
                spec.canIntrospect() == null ? Client.defaultCanIntrospect(grants) : spec.canIntrospect(),
                spec.directories(), spec.mfa());
    }

    /** Argon2id for a secret chosen by hand, which may be guessable; a fast hash for one we generated. */
    private String hash(String chosen, String generated) {
        if (chosen != null) {
            return hasher.hash(chosen);
        }
        return generated == null ? null : GeneratedSecretHash.of(generated);
    }

    private String keepOrHash(String secret, String storedHash) {
        return Passwords.keepOrHash(hasher, secret, storedHash);
    }
}
