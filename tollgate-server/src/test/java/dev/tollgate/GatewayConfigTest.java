package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.ConfigException;
import dev.tollgate.gateway.GatewayConfig;
import dev.tollgate.gateway.GatewayConfigLoader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's file: its keys and defaults, the errors that name the key, and the command that starts it. */
class GatewayConfigTest {
    static final String MINIMAL = """
            [gateway]
            issuer = "https://auth.example.com"
            [[gateway.routes]]
            path_prefix = "/orders"
            upstream = "http://127.0.0.1:9000"
            """;

    @TempDir
    Path dir;

    GatewayConfig load(String toml, Map<String, String> env) throws Exception {
        Path file = dir.resolve("gateway.toml");
        Files.writeString(file, toml);
        return new GatewayConfigLoader().load(file, env);
    }

    void assertRefused(String toml, String message) {
        assertThatThrownBy(() -> load(toml, Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }

    @Test
    void theIssuesExampleLoadsWithItsDefaults() throws Exception {
        GatewayConfig config = load("""
                [gateway]
                host = "0.0.0.0"
                port = 8443
                issuer = "https://auth.example.com"
                client_id = "gateway"
                client_secret = "from-the-file"
                introspection_cache_seconds = 30
                [[gateway.routes]]
                path_prefix = "/orders"
                methods = ["GET"]
                upstream = "http://127.0.0.1:9000"
                audience = "https://api.example.com/orders"
                scopes = ["orders:read"]
                strip_prefix = false
                requests_per_minute = 600
                """, Map.of(GatewayConfigLoader.SECRET_VARIABLE, "from-the-environment"));
        assertThat(config.clientSecret()).isEqualTo("from-the-environment");
        assertThat(config.port()).isEqualTo(8443);
        assertThat(config.metrics().port()).isEqualTo(9091);
        assertThat(config.upstreamTimeoutMs()).isEqualTo(30_000);
        assertThat(config.jwtCacheSize()).isEqualTo(10_000);
        GatewayConfig.Route route = config.routes().get(0);
        assertThat(route.scopes()).containsExactly("orders:read");
        assertThat(route.requestsPerMinute()).isEqualTo(600);
        assertThat(route.forwardToken()).isFalse();
        assertThat(route.checkRevocation()).isFalse();
        assertThat(load(MINIMAL, Map.of()).tls().enabled()).isFalse();
    }

    @Test
    void mistakesAreNamedByKey() {
        assertRefused(MINIMAL + "path_prefx = \"/x\"\n", "unknown config key 'gateway.routes[0].path_prefx'");
        assertRefused(MINIMAL + "requests_per_minute = \"many\"\n", "'gateway.routes[0].requests_per_minute'");
        assertRefused(MINIMAL.replace("http://127.0.0.1:9000", "ftp://x"), "gateway.routes[0].upstream");
        assertRefused(MINIMAL.replace("\"/orders\"", "\"orders\""), "gateway.routes[0].path_prefix");
        assertRefused(MINIMAL.replace("https://auth.example.com", "auth.example.com"), "gateway.issuer");
        assertRefused(MINIMAL + "methods = [\"get\"]\n", "gateway.routes[0].methods");
        assertRefused(MINIMAL + "requests_per_minute = 0\n", "gateway.routes[0].requests_per_minute");
        assertRefused(MINIMAL.replace("[[gateway.routes]]", "client_id = \"gateway\"\n[[gateway.routes]]"), "gateway.client_secret");
        assertRefused(MINIMAL + "[[gateway.routes]]\npath_prefix = \"/orders/\"\nupstream = \"http://127.0.0.1:9001\"\n",
                "another route already takes");
        assertRefused("[gateway]\nissuer = \"https://auth.example.com\"\n", "gateway.routes");
        assertRefused("[server]\nport = 1\n", "unknown config key 'server'");
        assertRefused("[gateway\n", "not valid TOML");
        assertRefused(MINIMAL.replace("[[gateway.routes]]", "jwt_cache_size = -1\n[[gateway.routes]]"),
                "gateway.jwt_cache_size");
    }

    @Test
    void theCommandRefusesAMissingFileWithExit2() {
        CliProcess.Result result = CliProcess.run(dir, null, List.of("gateway", "--config", dir.resolve("none.toml").toString()));
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("gateway config file not found");
    }

    @Test
    void theCommandStartsAGatewayThatAnswersAtOnce() throws Exception {
        Path file = dir.resolve("gateway.toml");
        Files.writeString(file, MINIMAL.replace("[[gateway.routes]]", "port = 0\n[gateway.metrics]\nport = 0\n[[gateway.routes]]"));
        Process process = CliProcess.builder(dir, List.of("gateway", "--config", file.toString())).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            Pattern listening = Pattern.compile("gateway listening on (\\S+) management (\\S+)");
            Matcher match = null;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher m = listening.matcher(line);
                if (m.find()) {
                    match = m;
                    break;
                }
            }
            assertThat(match).as("the gateway printed where it listens").isNotNull();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> challenge = http.send(HttpRequest.newBuilder(URI.create(match.group(1) + "/orders"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(challenge.statusCode()).isEqualTo(401);
            assertThat(challenge.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"tollgate\"");
            HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create(match.group(2) + "/health/live"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
        } finally {
            process.destroy();
            process.waitFor();
        }
    }
}
