package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.config.Config;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.admin.Users;
import dev.tollgate.server.Services;
import dev.tollgate.server.Tollgate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Tollgate on a random port (its management listener on another) with its own database in a
 * temporary directory.
 */
final class TestServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The configuration most tests need: one confidential client and one user. */
    static final String APP_AND_ALICE = """
            [[clients]]
            id = "app"
            secret = "app-secret"
            scopes = ["read", "write"]
            can_introspect = true

            [[users]]
            username = "alice"
            password = "alice-password"
            scopes = ["read", "write"]
            """;

    final Path dir;
    final Tollgate tollgate;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(Path dir, Tollgate tollgate) {
        this.dir = dir;
        this.tollgate = tollgate;
    }

    static TestServer start(String toml) {
        return start(toml, Map.of());
    }

    /** Cheap password hashing unless the overrides say otherwise: tests are not benchmarks. */
    static TestServer start(String toml, Map<String, String> overrides) {
        try {
            Path dir = Files.createTempDirectory("tollgate-test");
            return start(dir, toml, overrides);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TestServer start(Path dir, String toml, Map<String, String> overrides) {
        return new TestServer(dir, Tollgate.start(config(dir, toml, overrides)));
    }

    static TestServer start(Path dir, String toml, Map<String, String> overrides, java.time.Clock clock) {
        return new TestServer(dir, Tollgate.start(config(dir, toml, overrides), clock));
    }

    /** A server whose clock the test moves. */
    static TestServer start(String toml, Map<String, String> overrides, java.time.Clock clock) {
        try {
            Path dir = Files.createTempDirectory("tollgate-test");
            return new TestServer(dir, Tollgate.start(config(dir, toml, overrides), clock));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Config config(Path dir, String toml, Map<String, String> overrides) {
        try {
            Path file = dir.resolve("tollgate.toml");
            Files.writeString(file, toml);
            Map<String, String> all = new LinkedHashMap<>(defaults(dir));
            all.putAll(overrides);
            return new ConfigLoader().load(file, Map.of(), all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> defaults(Path dir) {
        Map<String, String> all = new LinkedHashMap<>(TestDatabase.storage(dir));
        all.put("server.port", "0");
        all.put("metrics.port", "0");
        all.put("passwords.memory_kib", "64");
        all.put("passwords.iterations", "1");
        all.put("keys.encryption_key_file", dir.resolve("encryption.key").toAbsolutePath().toString());
        all.put("audit.file", dir.resolve("audit.log").toAbsolutePath().toString());
        return all;
    }

    Services services() {
        return tollgate.services();
    }

    /** The admin operations on this server's users, as the CLI and the admin API use them. */
    Users users() {
        return tollgate.services().admin().users();
    }

    String url(String path) {
        return tollgate.localUrl() + path;
    }

    /** Where this server's management listener serves the metrics. */
    String metricsUrl() {
        return tollgate.metricsUrl();
    }

    /** GET /metrics on the management listener. */
    Response metrics() {
        return send(HttpRequest.newBuilder(URI.create(metricsUrl())).timeout(Duration.ofSeconds(30)).GET().build());
    }

    Response post(String path, String contentType, String body, String... headers) {
        return post(path, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    Response post(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** A form-encoded POST, the common case. */
    Response form(String path, String body, String... headers) {
        return post(path, "application/x-www-form-urlencoded", body, headers);
    }

    /** The password grant for a user, the client "app" authenticating with Basic. */
    Response passwordGrant(String username, String password) {
        return form("/oauth/token", "grant_type=password&username=" + username + "&password=" + password,
                "Authorization", basic("app", "app-secret"));
    }

    /**
     * A password grant of the client "app" that must succeed, and its JSON; {@code extra} adds
     * form parameters, e.g. {@code "&scope=openid"}.
     */
    JsonNode login(String username, String password, String extra) {
        Response response = form("/oauth/token",
                "grant_type=password&username=" + username + "&password=" + password + extra,
                "Authorization", basic("app", "app-secret"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    Response get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.GET().build());
    }

    Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** The audit log's lines so far, each parsed as JSON. */
    List<JsonNode> audit() {
        Path file = dir.resolve("audit.log");
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lines.add(JSON.readTree(line));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The audit lines of one event. */
    List<JsonNode> audit(String event) {
        return audit().stream().filter(line -> event.equals(line.path("event").asText())).toList();
    }

    /** Rows in a table, read straight from the database. */
    long count(String table) {
        return services().stores().database().jdbi().withHandle(h ->
                h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    /** Stops the server but keeps its directory, for a restart on the same database. */
    void stop() {
        tollgate.close();
    }

    @Override
    public void close() {
        tollgate.close();
        delete(dir);
    }

    static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }

    record Response(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String error() {
            return json().path("error").asText(null);
        }
    }
}
