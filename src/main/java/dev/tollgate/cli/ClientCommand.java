package dev.tollgate.cli;

import dev.tollgate.config.ConfigValidator;
import dev.tollgate.server.Services;
import dev.tollgate.store.Client;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "client", mixinStandardHelpOptions = true, description = "Manage clients (applications).",
        subcommands = {ClientCommand.Add.class, ClientCommand.ListClients.class, ClientCommand.Remove.class})
final class ClientCommand {
    private static final java.util.Set<String> GRANTS = ConfigValidator.GRANT_TYPES;

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Register a client. A confidential client's secret is generated and printed once, "
                    + "or read from standard input with --secret-stdin.")
    static final class Add implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "ID", description = "the client_id")
        String id;

        @Option(names = "--grant-types", split = ",", paramLabel = "GRANT",
                description = "grant types the client may use (default: password,refresh_token)")
        List<String> grantTypes = List.of("password", "refresh_token");

        @Option(names = "--scopes", split = ",", paramLabel = "SCOPE", description = "scopes the client may receive")
        List<String> scopes = List.of();

        @Option(names = "--public", description = "a public client: no secret (for example a native app)")
        boolean isPublic;

        @Option(names = "--secret-stdin", description = "read the secret from standard input instead of generating it")
        boolean secretFromStdin;

        @Option(names = "--access-token-ttl", paramLabel = "SECONDS", description = "access token lifetime for this client")
        Long accessTokenTtl;

        @Option(names = "--refresh-token-policy", paramLabel = "POLICY",
                description = "always (default): refresh tokens with the refresh_token grant; "
                        + "offline_access: only when that scope is granted")
        String refreshTokenPolicy = Client.ALWAYS;

        @Override
        public Integer call() {
            for (String grant : grantTypes) {
                if (!GRANTS.contains(grant)) {
                    throw new CommandFailed("unknown grant type '" + grant + "' (known: " + String.join(", ", GRANTS) + ")");
                }
            }
            if (isPublic && secretFromStdin) {
                throw new CommandFailed("a public client has no secret");
            }
            if (accessTokenTtl != null && accessTokenTtl <= 0) {
                throw new CommandFailed("--access-token-ttl must be positive");
            }
            if (!ConfigValidator.REFRESH_POLICIES.contains(refreshTokenPolicy)) {
                throw new CommandFailed("--refresh-token-policy must be always or offline_access");
            }
            try (Services services = options.open()) {
                if (services.clients.find(id).isPresent()) {
                    throw new CommandFailed("client '" + id + "' already exists");
                }
                String secret = isPublic ? null : (secretFromStdin ? SecretInput.read("Client secret") : generate());
                services.clients.save(new Client(id, secret == null ? null : services.hasher.hash(secret),
                        new LinkedHashSet<>(grantTypes), new LinkedHashSet<>(scopes), accessTokenTtl,
                        refreshTokenPolicy));
                System.out.println("client '" + id + "' added");
                if (secret != null && !secretFromStdin) {
                    System.out.println("client_secret: " + secret);
                    System.out.println("(shown once: only its hash is stored)");
                }
            }
            return 0;
        }

        private static String generate() {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List clients.")
    static final class ListClients implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() {
            try (Services services = options.open()) {
                for (Client client : services.clients.list()) {
                    System.out.printf("%s\t%s\tgrant_types=%s\tscopes=%s\trefresh_token_policy=%s%s%n", client.id(),
                            client.isPublic() ? "public" : "confidential",
                            String.join(",", new TreeSet<>(client.grantTypes())),
                            String.join(",", new TreeSet<>(client.scopes())), client.refreshTokenPolicy(),
                            client.accessTokenTtl() == null ? "" : "\taccess_token_ttl=" + client.accessTokenTtl());
                }
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a client and its refresh tokens.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "ID", description = "the client_id")
        String id;

        @Override
        public Integer call() {
            try (Services services = options.open()) {
                if (!services.clients.remove(id)) {
                    throw new CommandFailed("no client '" + id + "'");
                }
                System.out.println("client '" + id + "' removed");
            }
            return 0;
        }
    }
}
