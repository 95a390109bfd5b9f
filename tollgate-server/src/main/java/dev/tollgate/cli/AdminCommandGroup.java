package dev.tollgate.cli;

import dev.tollgate.admin.Admin;
import dev.tollgate.admin.Clients;
import dev.tollgate.config.Config;
import dev.tollgate.server.AdminClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "admin", mixinStandardHelpOptions = true, description = "Set up access to the admin API.",
        subcommands = AdminCommandGroup.Bootstrap.class)
final class AdminCommandGroup {

    @Command(name = "bootstrap", mixinStandardHelpOptions = true,
            description = "Register a client that may use the admin API (client credentials, scope tollgate:admin) "
                    + "and print its secret once.")
    static final class Bootstrap extends AdminCommand {
        @Option(names = "--id", paramLabel = "ID", description = "the client_id (default: " + AdminClient.DEFAULT_ID + ")")
        String id = AdminClient.DEFAULT_ID;

        @Override
        void run(Admin admin) {
            Clients.Registered registered = admin.clients().register(AdminClient.spec(id, null));
            System.out.println("admin client '" + id + "' added");
            ClientCommand.printSecret(registered.secret());
            System.out.println("Get an admin API token with:");
            System.out.println("  " + AdminClient.tokenCurl(tokenUrl(options.load()), id, registered.secret()));
        }

        private static String tokenUrl(Config config) {
            Config.Server server = config.server();
            String base = server.issuer().isEmpty()
                    ? (server.tls().enabled() ? "https" : "http") + "://" + server.host() + ":" + server.port()
                    : server.issuer();
            return base + "/oauth/token";
        }
    }
}
