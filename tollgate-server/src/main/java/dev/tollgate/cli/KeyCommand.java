package dev.tollgate.cli;

import dev.tollgate.admin.Admin;
import dev.tollgate.admin.Keys;
import dev.tollgate.keys.KeyRing;
import dev.tollgate.store.SigningKey;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "key", mixinStandardHelpOptions = true, description = "Manage the token signing keys.",
        subcommands = {KeyCommand.Rotate.class, KeyCommand.ListKeys.class})
final class KeyCommand {

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Generate new signing keys. Running servers start signing with them within "
                    + "keys.reload_interval; the old keys stay in the JWKS until every token they signed has expired.")
    static final class Rotate extends AdminCommand {
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
        void run(Admin admin) {
            Keys keys = admin.keys();
            long keep = keepOldFor != null ? keepOldFor : keys.defaultKeepOldFor();
            for (SigningKey key : keys.rotate(algorithms, activateIn, keep)) {
                System.out.println(key.alg() + " key " + key.kid() + " signs from "
                        + Instant.ofEpochSecond(key.activeFrom())
                        + "; the previous one stays published for " + keep + " s after that");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the signing keys and their state.")
    static final class ListKeys extends AdminCommand {
        @Override
        void run(Admin admin) {
            for (Keys.State listed : admin.keys().list()) {
                SigningKey key = listed.key();
                System.out.printf("%s\t%s\t%s\tactive_from=%s\tretire_at=%s%n", key.kid(), key.alg(), listed.state(),
                        Instant.ofEpochSecond(key.activeFrom()),
                        key.retireAt() == null ? "-" : Instant.ofEpochSecond(key.retireAt()).toString());
            }
        }
    }
}
