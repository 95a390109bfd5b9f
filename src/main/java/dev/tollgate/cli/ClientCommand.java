package dev.tollgate.cli;

import dev.tollgate.config.ClientRules;
import dev.tollgate.config.ConfigValidator;
import dev.tollgate.server.Services;
import dev.tollgate.store.Client;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "client", mixinStandardHelpOptions = true, description = "Manage clients (applications).",
        subcommands = {ClientCommand.Add.class, ClientCommand.ListClients.class, ClientCommand.Remove.class,
                ClientCommand.SecretCommand.class})
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

        @Option(names = "--auth-methods", split = ",", paramLabel = "METHOD",
                description = "client_secret_basic, client_secret_post, client_secret_jwt, private_key_jwt or none "
                        + "(default: client_secret_basic,client_secret_post with a secret; private_key_jwt with keys; "
                        + "none for a public client)")
        List<String> authMethods;

        @Option(names = "--jwks-file", paramLabel = "FILE", description = "the client's public keys (a JWK Set) for private_key_jwt")
        java.nio.file.Path jwksFile;

        @Option(names = "--jwks-uri", paramLabel = "URL", description = "where the client publishes its JWK Set, for private_key_jwt")
        String jwksUri;

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
            String jwks = readJwks();
            boolean keysOnly = (jwks != null || jwksUri != null) && !secretFromStdin
                    && (authMethods == null || authMethods.stream().noneMatch(m -> m.startsWith("client_secret")));
            boolean hasSecret = !isPublic && !keysOnly;
            Set<String> methods = authMethods == null ? null : new LinkedHashSet<>(authMethods);
            if (isPublic && methods == null) {
                methods = Set.of(Client.NONE);
            }
            String problem = ClientRules.problem(hasSecret, jwks, jwksUri, methods, Set.copyOf(grantTypes));
            if (problem != null) {
                throw new CommandFailed(problem);
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
                String secret = !hasSecret ? null : (secretFromStdin ? SecretInput.read("Client secret") : generate());
                Client client = new Client(id, secret == null ? null : services.hasher.hash(secret),
                        new LinkedHashSet<>(grantTypes), new LinkedHashSet<>(scopes), accessTokenTtl,
                        refreshTokenPolicy, methods, jwks, jwksUri, null, null);
                if (client.allowsAuthMethod(Client.CLIENT_SECRET_JWT)) {
                    client = client.withSecret(client.secretHash(), services.secretBox.seal(secret), null);
                }
                services.clients.save(client);
                System.out.println("client '" + id + "' added");
                if (secret != null && !secretFromStdin) {
                    System.out.println("client_secret: " + secret);
                    System.out.println("(shown once: only its hash is stored)");
                }
            }
            return 0;
        }

        private String readJwks() {
            if (jwksFile == null) {
                return null;
            }
            try {
                return java.nio.file.Files.readString(jwksFile);
            } catch (java.io.IOException e) {
                throw new CommandFailed("cannot read " + jwksFile + ": " + e.getMessage());
            }
        }
    }

    static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List clients.")
    static final class ListClients implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() {
            try (Services services = options.open()) {
                for (Client client : services.clients.list()) {
                    System.out.printf("%s\t%s\tauth_methods=%s\tgrant_types=%s\tscopes=%s\trefresh_token_policy=%s%s%n",
                            client.id(), client.isPublic() ? "public" : "confidential",
                            String.join(",", new TreeSet<>(client.authMethods())),
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

    @Command(name = "secret", mixinStandardHelpOptions = true, description = "Manage a client's secret.",
            subcommands = {ClientCommand.Rotate.class})
    static final class SecretCommand {}

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Give a client a new secret (printed once); the old one keeps working for the grace period.")
    static final class Rotate implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "ID", description = "the client_id")
        String id;

        @Option(names = "--keep-old-for", paramLabel = "SECONDS",
                description = "how long the old secret keeps working (default: 0, not at all)")
        long keepOldFor;

        @Override
        public Integer call() {
            if (keepOldFor < 0) {
                throw new CommandFailed("--keep-old-for must not be negative");
            }
            try (Services services = options.open()) {
                Client client = services.clients.find(id)
                        .orElseThrow(() -> new CommandFailed("no client '" + id + "'"));
                if (client.secretHash() == null) {
                    throw new CommandFailed("client '" + id + "' has no secret");
                }
                String secret = generate();
                String sealed = client.allowsAuthMethod(Client.CLIENT_SECRET_JWT) ? services.secretBox.seal(secret) : null;
                Client.PreviousSecret previous = keepOldFor == 0 ? null : new Client.PreviousSecret(client.secretHash(),
                        client.sealedSecret(), services.clock.instant().getEpochSecond() + keepOldFor);
                services.clients.save(client.withSecret(services.hasher.hash(secret), sealed, previous));
                System.out.println("client '" + id + "' has a new secret"
                        + (keepOldFor == 0 ? "; the old one no longer works" : "; the old one works for " + keepOldFor + " s"));
                System.out.println("client_secret: " + secret);
                System.out.println("(shown once: only its hash is stored)");
            }
            return 0;
        }
    }
}
