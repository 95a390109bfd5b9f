package dev.tollgate.cli;

import dev.tollgate.config.Config;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.server.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command shares: which configuration, and overrides of single keys. */
final class ConfigOptions {
    static final Path DEFAULT_FILE = Path.of("tollgate.toml");

    @Option(names = "--config", paramLabel = "FILE",
            description = "TOML configuration file (default: ./tollgate.toml when it exists)")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "override one configuration key, e.g. --set server.port=9090 (repeatable)")
    Map<String, String> overrides = new LinkedHashMap<>();

    Config load() {
        return load(Map.of());
    }

    Config load(Map<String, String> extra) {
        Path path = file != null ? file : (Files.isRegularFile(DEFAULT_FILE) ? DEFAULT_FILE : null);
        Map<String, String> all = new LinkedHashMap<>(overrides);
        all.putAll(extra);
        return new ConfigLoader().load(path, System.getenv(), all);
    }

    Services open() {
        return Services.forCommand(load());
    }
}
