package dev.tollgate.config;

import java.util.List;

/** The whole configuration, as read from TOML, environment and command line (see {@link ConfigLoader}). */
public record Config(
        Server server,
        Storage storage,
        OAuth oauth,
        Tokens tokens,
        Passwords passwords,
        List<ClientEntry> clients,
        List<UserEntry> users) {

    public Config {
        clients = clients == null ? List.of() : List.copyOf(clients);
        users = users == null ? List.of() : List.copyOf(users);
    }

    public record Server(String host, int port, String issuer) {}

    public record Storage(String url, String user, String password, int poolSize) {}

    public record OAuth(GrantTypes grantType) {}

    public record GrantTypes(Toggle password) {}

    public record Toggle(boolean enable) {}

    public record Tokens(String defaultAudience, long accessTokenTtl, long refreshTokenTtl, boolean includeIssuedAt) {}

    public record Passwords(
            String algorithm, int memoryKib, int iterations, int parallelism, int hashThreads, int hashQueue) {}

    /** A {@code [[clients]]} table: created or updated at start-up. */
    public record ClientEntry(
            String id, String secret, List<String> grantTypes, List<String> scopes, Long accessTokenTtl) {}

    /** A {@code [[users]]} table: created or updated at start-up. */
    public record UserEntry(
            String username,
            String password,
            String passwordHash,
            List<String> scopes,
            String email,
            Boolean emailVerified,
            String name,
            String givenName,
            String familyName,
            String phoneNumber) {}

    public Config withServer(Server newServer) {
        return new Config(newServer, storage, oauth, tokens, passwords, clients, users);
    }

    public boolean passwordGrantEnabled() {
        return oauth.grantType().password().enable();
    }
}
