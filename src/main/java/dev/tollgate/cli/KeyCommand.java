package dev.tollgate.cli;

import dev.tollgate.keys.KeyRing;
import dev.tollgate.server.Services;
import dev.tollgate.store.Api;
import dev.tollgate.store.Client;
import dev.tollgate.store.SigningKey;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "key", mixinStandardHelpOptions = true, description = "Manage the token signing keys.",
        subcommands = {KeyCommand.Rotate.class, KeyCommand.ListKeys.class})
final class KeyCommand {

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Generate new signing keys. Running servers start signing with them within "
                    + "keys.reload_interval; the old keys stay in the JWKS until every token they signed has expired.")
    static final class Rotate implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--alg", split = ",", paramLabel = "ALG", description = "RS256, ES256, EdDSA (default: all)")
        List<String> algorithms = KeyRing.ALGORITHMS;

        @Option(names = "--activate-in", paramLabel = "SECONDS",
                description = "publish the new keys now but sign with them only after this delay (default 0), "
                        + "so that resource servers caching the JWKS see them first")
        long activateIn;

        @Option(names = "--keep-old-for", paramLabel = "SECONDS",
                description = "how long the old keys stay published after the new ones activate "
                        + "(default: the longest access token lifetime configured, plus keys.reload_interval)")
        Long keepOldFor;

        @Override
        public Integer call() {
            for (String alg : algorithms) {
                if (!KeyRing.ALGORITHMS.contains(alg)) {
                    throw new CommandFailed("unknown algorithm '" + alg + "' (known: " + String.join(", ", KeyRing.ALGORITHMS) + ")");
                }
            }
            if (activateIn < 0 || (keepOldFor != null && keepOldFor < 0)) {
                throw new CommandFailed("--activate-in and --keep-old-for must not be negative");
            }
            try (Services services = options.open()) {
                long keep = keepOldFor != null ? keepOldFor : longestTokenLifetime(services) + services.config.keys().reloadInterval();
                KeyRing ring = new KeyRing(services.signingKeys, services.secretBox, services.clock);
                ring.prepare();
                for (String alg : algorithms) {
                    SigningKey key = ring.rotate(alg, activateIn, keep);
                    System.out.println(alg + " key " + key.kid() + " signs from " + Instant.ofEpochSecond(key.activeFrom())
                            + "; the previous one stays published for " + keep + " s after that");
                }
            }
            return 0;
        }

        private static long longestTokenLifetime(Services services) {
            long longest = services.config.tokens().accessTokenTtl();
            for (Client client : services.clients.list()) {
                if (client.accessTokenTtl() != null) {
                    longest = Math.max(longest, client.accessTokenTtl());
                }
            }
            for (Api api : services.apis.list()) {
                if (api.accessTokenTtl() != null) {
                    longest = Math.max(longest, api.accessTokenTtl());
                }
            }
            return longest;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the signing keys and their state.")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() {
            try (Services services = options.open()) {
                long now = services.clock.instant().getEpochSecond();
                java.util.Set<String> activeSeen = new java.util.HashSet<>();
                for (SigningKey key : services.signingKeys.list()) {
                    String state;
                    if (key.isRetired(now)) {
                        state = "retired";
                    } else if (key.activeFrom() > now) {
                        state = "next";
                    } else if (activeSeen.add(key.alg())) {
                        state = "active";
                    } else {
                        state = "previous";
                    }
                    System.out.printf("%s\t%s\t%s\tactive_from=%s\tretire_at=%s%n", key.kid(), key.alg(), state,
                            Instant.ofEpochSecond(key.activeFrom()),
                            key.retireAt() == null ? "-" : Instant.ofEpochSecond(key.retireAt()).toString());
                }
            }
            return 0;
        }
    }
}
