package dev.tollgate.server;

import dev.tollgate.admin.Admin;
import dev.tollgate.admin.AdminException;
import dev.tollgate.admin.Entries;
import dev.tollgate.config.Config;
import dev.tollgate.config.ConfigException;

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
        admin.apis().registerBuiltIn();
        for (Config.ClientEntry entry : config.clients()) {
            sync("clients", entry.id(), () -> admin.clients().put(Entries.client(entry)));
        }
        for (Config.UserEntry entry : config.users()) {
            sync("users", entry.username(), () -> admin.users().put(Entries.user(entry), entry.password(), entry.passwordHash()));
        }
        for (Config.ApiEntry entry : config.apis()) {
            sync("apis", entry.identifier(), () -> admin.apis().put(Entries.api(entry)));
        }
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
