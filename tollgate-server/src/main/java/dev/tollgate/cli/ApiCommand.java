package dev.tollgate.cli;

import dev.tollgate.admin.Admin;
import dev.tollgate.store.Api;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "api", mixinStandardHelpOptions = true,
        description = "Manage APIs: the audiences tokens can be requested for.",
        subcommands = {ApiCommand.Add.class, ApiCommand.ListApis.class, ApiCommand.Remove.class})
final class ApiCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Register an API.")
    static final class Add extends AdminCommand {
        @Parameters(paramLabel = "IDENTIFIER", description = "the audience, e.g. https://api.example.com/orders")
        String identifier;

        @Option(names = "--scopes", split = ",", paramLabel = "SCOPE", description = "scopes this API defines")
        List<String> scopes = List.of();

        @Option(names = "--token-format", paramLabel = "FORMAT", description = "jwt (default) or opaque")
        String tokenFormat = Api.JWT;

        @Option(names = "--signing-alg", paramLabel = "ALG", description = "RS256 (default), ES256 or EdDSA")
        String signingAlg = "RS256";

        @Option(names = "--token-typ", paramLabel = "TYP",
                description = "the JWT header's typ: at+jwt (default, RFC 9068) or JWT")
        String tokenTyp = Api.AT_JWT;

        @Option(names = "--access-token-ttl", paramLabel = "SECONDS", description = "access token lifetime for this API")
        Long accessTokenTtl;

        @Override
        void run(Admin admin) {
            admin.apis().add(new Api(identifier, new LinkedHashSet<>(scopes), tokenFormat,
                    accessTokenTtl, signingAlg, tokenTyp));
            System.out.println("API '" + identifier + "' added");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List APIs.")
    static final class ListApis extends AdminCommand {
        @Override
        void run(Admin admin) {
            for (Api api : admin.apis().list()) {
                System.out.printf("%s\tscopes=%s\ttoken_format=%s\tsigning_alg=%s\ttoken_typ=%s%s%n",
                        api.identifier(), String.join(",", new TreeSet<>(api.scopes())), api.tokenFormat(),
                        api.signingAlg(), api.tokenTyp(),
                        api.accessTokenTtl() == null ? "" : "\taccess_token_ttl=" + api.accessTokenTtl());
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an API.")
    static final class Remove extends AdminCommand {
        @Parameters(paramLabel = "IDENTIFIER")
        String identifier;

        @Override
        void run(Admin admin) {
            admin.apis().remove(identifier);
            System.out.println("API '" + identifier + "' removed");
        }
    }
}
