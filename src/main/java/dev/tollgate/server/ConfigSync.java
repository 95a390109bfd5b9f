package dev.tollgate.server;

import dev.tollgate.admin.Admin;
import dev.tollgate.admin.AdminException;
import dev.tollgate.admin.ClientSpec;
import dev.tollgate.admin.UserSpec;
import dev.tollgate.config.Config;
import dev.tollgate.config.ConfigException;
import dev.tollgate.store.Api;
import dev.tollgate.store.Profile;
import java.util.List;
import java.util.Set;

/**
 * Creates or updates the {@code [[clients]]}, {@code [[users]]} and {@code [[apis]]} of the
 * configuration file at start-up, through the admin operations. What the file does not name is
 * left alone.
 */
public final class ConfigSync {
    private final Admin admin;

    public ConfigSync(Admin admin) {
        this.admin = admin;
    }

    public void apply(Config config) {
        for (Config.ClientEntry entry : config.clients()) {
            sync("clients", entry.id(), () -> admin.clients().put(client(entry)));
        }
        for (Config.UserEntry entry : config.users()) {
            sync("users", entry.username(), () -> admin.users().put(user(entry), entry.password(), entry.passwordHash()));
        }
        for (Config.ApiEntry entry : config.apis()) {
            sync("apis", entry.identifier(), () -> admin.apis().put(api(entry)));
        }
    }

    private static ClientSpec client(Config.ClientEntry entry) {
        return new ClientSpec(entry.id(), entry.secret(), false, entry.grantTypes(), entry.scopes(),
                entry.accessTokenTtl(), entry.refreshTokenPolicy(), entry.authMethods(), entry.jwks(), entry.jwksUri(),
                Boolean.TRUE.equals(entry.forwardedUserIp()), entry.canIntrospect(), entry.directories());
    }

    private static UserSpec user(Config.UserEntry entry) {
        return new UserSpec(entry.username(), entry.scopes(), new Profile(entry.email(),
                Boolean.TRUE.equals(entry.emailVerified()), entry.name(), entry.givenName(), entry.familyName(),
                entry.phoneNumber(), Boolean.TRUE.equals(entry.phoneNumberVerified()), entry.address()));
    }

    private static Api api(Config.ApiEntry entry) {
        return new Api(entry.identifier(), Set.copyOf(entry.scopes() == null ? List.of() : entry.scopes()),
                entry.tokenFormat(), entry.accessTokenTtl(), entry.signingAlg());
    }

    /** Names the entry at fault when the file holds what validation could not know (an unsupported hash). */
    private static void sync(String table, String name, Runnable put) {
        try {
            put.run();
        } catch (AdminException.Invalid e) {
            throw new ConfigException("config key '" + table + "." + e.field() + "' of '" + name + "' " + e.reason());
        }
    }
}
