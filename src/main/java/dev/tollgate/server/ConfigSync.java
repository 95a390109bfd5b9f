package dev.tollgate.server;

import dev.tollgate.config.Config;
import dev.tollgate.config.ConfigException;
import dev.tollgate.store.Api;
import dev.tollgate.store.Client;
import dev.tollgate.store.User;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Creates or updates the {@code [[clients]]} and {@code [[users]]} of the configuration file in
 * storage at start-up. A stored hash that still matches the configured secret or password is kept,
 * so restarts do not rehash.
 */
public final class ConfigSync {
    static final List<String> DEFAULT_GRANTS = List.of("password", "refresh_token");

    private final Services services;

    public ConfigSync(Services services) {
        this.services = services;
    }

    public void apply(Config config) {
        config.clients().forEach(this::client);
        config.users().forEach(this::user);
        config.apis().forEach(this::api);
    }

    private void api(Config.ApiEntry entry) {
        services.apis.save(new Api(entry.identifier(),
                Set.copyOf(entry.scopes() == null ? List.of() : entry.scopes()),
                entry.tokenFormat(), entry.accessTokenTtl(), entry.signingAlg()));
    }

    private void client(Config.ClientEntry entry) {
        Optional<Client> existing = services.clients.find(entry.id());
        String secretHash = entry.secret() == null
                ? null
                : keepOrHash(entry.secret(), existing.map(Client::secretHash).orElse(null));
        Set<String> methods = entry.authMethods() == null
                ? Client.defaultAuthMethods(entry.secret() != null, entry.jwks() != null || entry.jwksUri() != null)
                : Set.copyOf(entry.authMethods());
        String sealed = null;
        if (methods.contains(Client.CLIENT_SECRET_JWT)) {
            sealed = existing.map(Client::sealedSecret)
                    .filter(old -> secretHash.equals(existing.get().secretHash()))
                    .orElseGet(() -> services.secretBox.seal(entry.secret()));
        }
        services.clients.save(new Client(entry.id(), secretHash,
                Set.copyOf(entry.grantTypes() == null ? DEFAULT_GRANTS : entry.grantTypes()),
                Set.copyOf(entry.scopes() == null ? List.of() : entry.scopes()),
                entry.accessTokenTtl(), entry.refreshTokenPolicy(), methods, entry.jwks(), entry.jwksUri(), sealed,
                null));
    }

    private void user(Config.UserEntry entry) {
        Optional<User> existing = services.users.findByUsername(entry.username());
        String hash;
        if (entry.passwordHash() != null) {
            if (!services.hasher.isSupported(entry.passwordHash())) {
                throw new ConfigException("config key 'users.password_hash' of user '" + entry.username()
                        + "' is not an Argon2id (PHC) or bcrypt hash");
            }
            hash = entry.passwordHash();
        } else {
            hash = keepOrHash(entry.password(), existing.map(User::passwordHash).orElse(null));
        }
        User.Profile profile = new User.Profile(entry.email(), Boolean.TRUE.equals(entry.emailVerified()),
                entry.name(), entry.givenName(), entry.familyName(), entry.phoneNumber(),
                Boolean.TRUE.equals(entry.phoneNumberVerified()), entry.address());
        User user = new User(
                existing.map(User::id).orElseGet(() -> UUID.randomUUID().toString()),
                entry.username(),
                hash,
                Set.copyOf(entry.scopes() == null ? List.of() : entry.scopes()),
                profile,
                existing.map(User::updatedAt).orElse(0L));
        // Saving sets updated_at, which OpenID Connect publishes as the time the user's information
        // last changed: an unchanged user must not look updated by every restart.
        if (existing.filter(user::equals).isEmpty()) {
            services.users.save(user);
        }
    }

    private String keepOrHash(String secret, String storedHash) {
        if (storedHash != null && !services.hasher.needsRehash(storedHash)
                && services.hasher.verify(secret, storedHash)) {
            return storedHash;
        }
        return services.hasher.hash(secret);
    }
}
