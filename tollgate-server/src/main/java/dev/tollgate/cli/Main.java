package dev.tollgate.cli;

import dev.tollgate.identity.PasswordHasher;
import dev.tollgate.keys.NativeCrypto;
import dev.tollgate.admin.AdminException;
import dev.tollgate.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "tollgate",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "An OAuth 2.0 authorization server for the resource owner password credentials grant.",
        subcommands = {ServeCommand.class, GatewayCommand.class, ClientCommand.class, UserCommand.class, ApiCommand.class, KeyCommand.class,
                AdminCommandGroup.class, DirectoryCommand.class, ImportCommand.class, ExportCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nAll commands (each takes --help):%n",
        footer = {
            "  serve [--demo] [--port N] [--host ADDR]",
            "  gateway --config FILE                                         (the scope-enforcing gateway)",
            "  client add ID [--grant-types G,..] [--scopes S,..] [--public] [--secret-stdin]",
            "             [--refresh-token-policy always|offline_access] [--access-token-ttl SECONDS]",
            "             [--auth-methods M,..] [--jwks-file FILE] [--jwks-uri URL]",
            "             [--forwarded-user-ip] [--can-introspect[=true|false]] [--directories D,..]",
            "  client list",
            "  client remove ID",
            "  client secret rotate ID [--keep-old-for SECONDS]",
            "  user add USERNAME [--scopes S,..] [--email E] [--name N] ...   (password on stdin)",
            "  user list",
            "  user remove USERNAME",
            "  user set-password USERNAME                                    (password on stdin)",
            "  user unlock USERNAME                                          (clear a lockout)",
            "  api add IDENTIFIER [--scopes S,..] [--token-format jwt|opaque] [--signing-alg RS256|ES256|EdDSA]",
            "  api list",
            "  api remove IDENTIFIER",
            "  key rotate [--alg ALG,..] [--activate-in SECONDS] [--keep-old-for SECONDS]",
            "  key list",
            "  admin bootstrap [--id ID]                                     (a client for the admin API)",
            "  directory list                                                (type, servers, state)",
            "  directory test NAME USERNAME                                  (run the user search)",
            "  import keycloak FILE [--dry-run] [--skip-invalid] [--update]  (a realm export, users and clients)",
            "  import auth0 FILE [--allow-weak-hashes] [...]                 (Auth0's bulk user import JSON)",
            "  import users FILE [...]                                       (JSON Lines or CSV)",
            "  export FILE                                                   (clients and users, hashes only)",
            "",
            "Every command reads the same configuration: --config FILE, else ./tollgate.toml when it exists,",
            "else the built-in defaults (H2 database under ./data). TOLLGATE_<SECTION>_<KEY> environment",
            "variables and --set section.key=value override single keys."
})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // names SLF4J's logback binding, which it would otherwise look for in every jar of the class
        // path, without the notice SLF4J prints when told
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "ch.qos.logback.classic.spi.LogbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", System.getProperty("slf4j.internal.verbosity", "WARN"));
        }
        if (args.length > 0 && "serve".equals(args[0])) {
            loadNativeLibrariesInBackground();
        }
        System.exit(run(args));
    }

    /**
     * libargon2 and Corretto Crypto Provider take a few hundred milliseconds to load and self-test;
     * a server loads them on the second core while the first reads its configuration and opens
     * storage. Whoever needs one first waits for it, and it is loaded only once either way.
     */
    private static void loadNativeLibrariesInBackground() {
        Thread loader = new Thread(() -> {
            PasswordHasher.loadNative();
            NativeCrypto.provider(true);
        }, "tollgate-native-load");
        loader.setDaemon(true);
        loader.start();
    }

    static int run(String... args) {
        CommandLine cli;
        if (args.length > 0 && "serve".equals(args[0])) {
            // picocli reads the annotations of every command it is given: a start built the model of
            // all fifty subcommands and options to run one, a third of a second before anything else
            cli = new CommandLine(new ServeCommand()).setCommandName("tollgate serve");
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        } else {
            cli = new CommandLine(new Main());
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof CommandFailed || e instanceof AdminException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return e instanceof ConfigException ? 2 : 1;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"tollgate " + (version == null ? "development build" : version)};
        }
    }
}
