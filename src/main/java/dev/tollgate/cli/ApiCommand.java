package dev.tollgate.cli;

import dev.tollgate.config.ConfigValidator;
import dev.tollgate.server.Services;
import dev.tollgate.store.Api;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "api", mixinStandardHelpOptions = true,
        description = "Manage APIs: the audiences tokens can be requested for.",
        subcommands = {ApiCommand.Add.class, ApiCommand.ListApis.class, ApiCommand.Remove.class})
final class ApiCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Register an API.")
    static final class Add implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "IDENTIFIER", description = "the audience, e.g. https://api.example.com/orders")
        String identifier;

        @Option(names = "--scopes", split = ",", paramLabel = "SCOPE", description = "scopes this API defines")
        List<String> scopes = List.of();

        @Option(names = "--token-format", paramLabel = "FORMAT", description = "jwt (default) or opaque")
        String tokenFormat = Api.JWT;

        @Option(names = "--signing-alg", paramLabel = "ALG", description = "RS256 (default), ES256 or EdDSA")
        String signingAlg = "RS256";

        @Option(names = "--access-token-ttl", paramLabel = "SECONDS", description = "access token lifetime for this API")
        Long accessTokenTtl;

        @Override
        public Integer call() {
            if (!ConfigValidator.TOKEN_FORMATS.contains(tokenFormat)) {
                throw new CommandFailed("--token-format must be jwt or opaque");
            }
            if (!ConfigValidator.SIGNING_ALGS.contains(signingAlg)) {
                throw new CommandFailed("--signing-alg must be RS256, ES256 or EdDSA");
            }
            if (accessTokenTtl != null && accessTokenTtl <= 0) {
                throw new CommandFailed("--access-token-ttl must be positive");
            }
            try (Services services = options.open()) {
                if (services.apis.find(identifier).isPresent()) {
                    throw new CommandFailed("API '" + identifier + "' already exists");
                }
                services.apis.save(new Api(identifier, new LinkedHashSet<>(scopes), tokenFormat, accessTokenTtl,
                        signingAlg));
                System.out.println("API '" + identifier + "' added");
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List APIs.")
    static final class ListApis implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() {
            try (Services services = options.open()) {
                for (Api api : services.apis.list()) {
                    System.out.printf("%s\tscopes=%s\ttoken_format=%s\tsigning_alg=%s%s%n", api.identifier(),
                            String.join(",", new TreeSet<>(api.scopes())), api.tokenFormat(), api.signingAlg(),
                            api.accessTokenTtl() == null ? "" : "\taccess_token_ttl=" + api.accessTokenTtl());
                }
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an API.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "IDENTIFIER")
        String identifier;

        @Override
        public Integer call() {
            try (Services services = options.open()) {
                if (!services.apis.remove(identifier)) {
                    throw new CommandFailed("no API '" + identifier + "'");
                }
                System.out.println("API '" + identifier + "' removed");
            }
            return 0;
        }
    }
}
