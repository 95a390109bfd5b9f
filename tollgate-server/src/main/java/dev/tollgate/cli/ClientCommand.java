package dev.tollgate.cli;

import dev.tollgate.admin.Admin;
import dev.tollgate.admin.ClientSpec;
import dev.tollgate.admin.Clients;
import dev.tollgate.oauth.GrantTypes;
import dev.tollgate.store.Client;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "client", mixinStandardHelpOptions = true, description = "Manage clients (applications).",
        subcommands = {ClientCommand.Add.class, ClientCommand.ListClients.class, ClientCommand.Remove.class,
                ClientCommand.SecretCommand.class})
final class ClientCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Register a client. A confidential client's secret is generated and printed once, "
                    + "or read from standard input with --secret-stdin.")
    static final class Add extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "the client_id")
        String id;

        @Option(names = "--grant-types", split = ",", paramLabel = "GRANT",
                description = "grant types the client may use (default: password,refresh_token)")
        List<String> grantTypes = GrantTypes.CLIENT_DEFAULT;

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
        Path jwksFile;

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

        @Option(names = "--forwarded-user-ip",
                description = "believe the end user's address this client sends in auth0-forwarded-for or "
                        + "Tollgate-Forwarded-For (a trusted backend; not for public clients)")
        boolean forwardedUserIp;

        @Option(names = "--can-introspect", arity = "0..1", paramLabel = "true|false",
                description = "may use the introspection endpoint (a resource server; not for public clients); "
                        + "default: only clients with the client_credentials grant")
        Boolean canIntrospect;

        @Option(names = "--directories", split = ",", paramLabel = "NAME",
                description = "the user directories its users come from, in order: the password grant uses the "
                        + "first, the password-realm grant any of them (default: oauth.default_directory)")
        List<String> directories;

        @Option(names = "--mfa", paramLabel = "POLICY",
                description = "this client's own multi-factor policy (if_enrolled, required), used when stricter "
                        + "than [mfa] policy (default: the server's)")
        String mfa;

        @Override
        void run(Admin admin) {
            if (isPublic && secretFromStdin) {
                throw new CommandFailed("a public client has no secret");
            }
            String jwks = readJwks();
            // a client given keys and no secret method authenticates with the keys alone
            boolean keysOnly = (jwks != null || jwksUri != null) && !secretFromStdin
                    && (authMethods == null || authMethods.stream().noneMatch(m -> m.startsWith("client_secret")));
            boolean confidential = !isPublic && !keysOnly;
            List<String> methods = isPublic && authMethods == null ? List.of(Client.NONE) : authMethods;
            String secret = confidential && secretFromStdin ? SecretInput.read("Client secret") : null;
            Clients.Registered registered = admin.clients().register(new ClientSpec(id, secret,
                    confidential, grantTypes, scopes, accessTokenTtl, refreshTokenPolicy, methods, jwks, jwksUri,
                    forwardedUserIp, canIntrospect, directories, mfa));
            System.out.println("client '" + id + "' added");
            if (registered.secret() != null) {
                printSecret(registered.secret());
            }
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

    static void printSecret(String secret) {
        System.out.println("client_secret: " + secret);
        System.out.println("(shown once: only its hash is stored)");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List clients.")
    static final class ListClients extends AdminCommand {
        @Override
        void run(Admin admin) {
            for (Client client : admin.clients().list()) {
                System.out.printf("%s\t%s\tauth_methods=%s\tgrant_types=%s\tscopes=%s\trefresh_token_policy=%s%s%n",
                        client.id(), client.isPublic() ? "public" : "confidential",
                        String.join(",", new TreeSet<>(client.authMethods())),
                        String.join(",", new TreeSet<>(client.grantTypes())),
                        String.join(",", new TreeSet<>(client.scopes())), client.refreshTokenPolicy(),
                        (client.accessTokenTtl() == null ? "" : "\taccess_token_ttl=" + client.accessTokenTtl())
                                + (client.forwardedUserIp() ? "\tforwarded_user_ip=true" : "")
                                + (client.canIntrospect() ? "\tcan_introspect=true" : "")
                                + (client.directories().isEmpty() ? ""
                                        : "\tdirectories=" + String.join(",", client.directories()))
                                + (client.mfa() == null ? "" : "\tmfa=" + client.mfa()));
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a client and its refresh tokens.")
    static final class Remove extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "the client_id")
        String id;

        @Override
        void run(Admin admin) {
            admin.clients().remove(id);
            System.out.println("client '" + id + "' removed");
        }
    }

    @Command(name = "secret", mixinStandardHelpOptions = true, description = "Manage a client's secret.",
            subcommands = {ClientCommand.Rotate.class})
    static final class SecretCommand {}

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Give a client a new secret (printed once); the old one keeps working for the grace period.")
    static final class Rotate extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "the client_id")
        String id;

        @Option(names = "--keep-old-for", paramLabel = "SECONDS",
                description = "how long the old secret keeps working (default: 0, not at all)")
        long keepOldFor;

        @Override
        void run(Admin admin) {
            Clients.Registered rotated = admin.clients().rotateSecret(id, keepOldFor);
            System.out.println("client '" + id + "' has a new secret"
                    + (keepOldFor == 0 ? "; the old one no longer works" : "; the old one works for " + keepOldFor + " s"));
            printSecret(rotated.secret());
        }
    }
}
