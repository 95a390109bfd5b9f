package dev.tollgate.cli;

import dev.tollgate.admin.Admin;
import dev.tollgate.server.Services;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A management command: opens the storage the configuration names, runs its admin operations and
 * closes it again. Refusals ({@link dev.tollgate.admin.AdminException}) print as {@code error: ...}
 * with exit code 1.
 */
abstract class AdminCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public final Integer call() {
        try (Services services = options.open()) {
            run(services.admin());
        }
        return 0;
    }

    abstract void run(Admin admin);
}
