package dev.tollgate.bench;

import dev.tollgate.config.Config;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.keys.NativeCrypto;
import dev.tollgate.keys.SigningKeys;
import dev.tollgate.oauth.AccessTokenIssuer;
import dev.tollgate.oauth.AccessTokenValidator;
import dev.tollgate.oauth.Grant;
import dev.tollgate.oauth.RefreshTokens;
import dev.tollgate.oauth.Subject;
import dev.tollgate.oauth.TokenInfo;
import dev.tollgate.oauth.TokenSettings;
import dev.tollgate.server.Services;
import dev.tollgate.store.Client;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issuing a client credentials JWT access token (claims, RS256 signature, serialisation) and
 * validating one as introspection does (parse, verify, revoked-jti and family look-ups on H2),
 * with the server's own classes on a temporary H2 database.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class IssueBenchmark {
    @Param({"true", "false"})
    public boolean nativeCrypto;

    private Path dir;
    private Services services;
    private AccessTokenIssuer issuer;
    private AccessTokenValidator validator;
    private Grant grant;
    private String token;

    @Setup
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("tollgate-jmh");
        Path file = dir.resolve("tollgate.toml");
        Files.writeString(file, "");
        Config config = new ConfigLoader().load(file, Map.of(), Map.of(
                "storage.url", "jdbc:h2:file:" + dir.resolve("db"),
                "keys.encryption_key_file", dir.resolve("key").toString(),
                "audit.file", dir.resolve("audit.log").toString(),
                "passwords.memory_kib", "64", "passwords.iterations", "1"));
        services = Services.forCommand(config);
        SigningKeys keys = SigningKeys.load(services.keyRing(),
                NativeCrypto.provider(nativeCrypto).orElse(null));
        TokenSettings settings = new TokenSettings("https://login.example.com", "https://login.example.com", 3600,
                86400, 86400, "https://login.example.com/userinfo");
        issuer = new AccessTokenIssuer(keys, services.stores().accessTokens(), settings);
        validator = new AccessTokenValidator(keys, services.stores().accessTokens(),
                new RefreshTokens(services.stores().refreshTokens(), settings), settings, services.clock());
        Client client = new Client("app", null, Set.of("client_credentials"), Set.of("read", "write"), null);
        grant = new Grant(client, Subject.of(client), Set.of("read", "write"), null);
        token = issue();
    }

    @TearDown
    public void tearDown() {
        services.close();
    }

    @Benchmark
    public String issue() {
        return issuer.issue(grant, null, Instant.now()).value();
    }

    @Benchmark
    public Optional<TokenInfo> validate() {
        return validator.validate(token);
    }
}
