package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two server processes on one PostgreSQL database, as behind a load balancer: whatever one node
 * writes, the other honours; a refresh token raced at both has one winner; failed logins at both
 * count towards one lockout; a node killed with SIGKILL loses no login and the other keeps serving.
 */
class ClusterTest {
    static final String CONFIG = """
            [server]
            issuer = "https://login.example.com"

            # every request comes from 127.0.0.1: the per-IP limit would turn the load test's
            # logins and then the following tests away (ip limits are per node, IpRateLimitTest)
            [brute_force]
            ip_requests_per_minute = 0

            [[clients]]
            id = "app"
            secret = "app-secret"
            scopes = ["read"]
            can_introspect = true

            [[clients]]
            id = "gateway"
            secret = "gateway-secret"
            grant_types = ["client_credentials"]

            [[users]]
            username = "alice"
            password = "alice-password"
            scopes = ["read"]
            """;
    static final String APP = TestServer.basic("app", "app-secret");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static Path dir;
    static Node a;
    static Node b;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TestDatabase.isPostgres(), "several nodes need a shared PostgreSQL");
        dir = Files.createTempDirectory("tollgate-cluster");
        Files.writeString(dir.resolve("tollgate.toml"), CONFIG);
        a = Node.start(dir);
        b = Node.start(dir);
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.kill();
        }
        if (b != null) {
            b.kill();
        }
        if (dir != null) {
            TestServer.delete(dir);
        }
    }

    /** A serve process on the shared database. */
    record Node(Process process, String url) {
        static Node start(Path dir) throws Exception {
            List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--config",
                    dir.resolve("tollgate.toml").toString()));
            Map<String, String> settings = new java.util.LinkedHashMap<>(TestServer.defaults(dir));
            settings.remove("server.port");
            settings.forEach((key, value) -> {
                args.add("--set");
                args.add(key + "=" + value);
            });
            Process process = CliProcess.builder(dir, args).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return new Node(process, GracefulShutdownTest.listeningUrl(process));
        }

        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        TestServer.Response form(String path, String body, String authorization) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                return new TestServer.Response(response.statusCode(), response.headers(), response.body());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        JsonNode login() {
            TestServer.Response response = form("/oauth/token",
                    "grant_type=password&username=alice&password=alice-password", APP);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            return response.json();
        }

        TestServer.Response refresh(String token) {
            return form("/oauth/token", "grant_type=refresh_token&refresh_token=" + token, APP);
        }

        boolean active(String token) {
            return form("/oauth/introspect", "token=" + token, APP)
                    .json().get("active").asBoolean();
        }
    }

    @Test
    void tokensFromOneNodeVerifyRefreshIntrospectAndRevokeAtTheOther() {
        JsonNode tokens = a.login();
        assertThat(b.active(tokens.get("access_token").asText())).isTrue();
        TestServer.Response refreshed = b.refresh(tokens.get("refresh_token").asText());
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        String access = refreshed.json().get("access_token").asText();
        String refresh = refreshed.json().get("refresh_token").asText();
        assertThat(a.active(access)).isTrue();
        assertThat(a.refresh(tokens.get("refresh_token").asText()).error()).as("reuse seen across nodes")
                .isEqualTo("invalid_grant");
        assertThat(b.active(refresh)).as("the family is revoked on every node").isFalse();

        JsonNode other = b.login();
        assertThat(a.form("/oauth/revoke", "token=" + other.get("access_token").asText(), APP).status()).isEqualTo(200);
        assertThat(b.active(other.get("access_token").asText())).isFalse();
        assertThat(b.active(other.get("refresh_token").asText())).isTrue();
    }

    @Test
    void failedLoginsAtBothNodesCountTowardsOneLockout() {
        for (Node node : List.of(a, a, a, b, b)) {
            assertThat(node.form("/oauth/token", "grant_type=password&username=mallory&password=guess", APP).error())
                    .isEqualTo("invalid_grant");
        }
        for (Node node : List.of(a, b)) {
            TestServer.Response locked = node.form("/oauth/token",
                    "grant_type=password&username=mallory&password=guess", APP);
            assertThat(locked.status()).as(locked.body()).isEqualTo(429);
            assertThat(locked.error()).isEqualTo("too_many_attempts");
            assertThat(locked.header("Retry-After")).isNotNull();
        }
    }

    @Test
    void refreshTokenRacedAtBothNodesHasOneWinner() throws Exception {
        String token = a.login().get("refresh_token").asText();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TestServer.Response>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Node node = i % 2 == 0 ? a : b;
            results.add(pool.submit(() -> {
                go.await();
                return node.refresh(token);
            }));
        }
        go.countDown();
        int winners = 0;
        for (Future<TestServer.Response> result : results) {
            TestServer.Response response = result.get();
            if (response.status() == 200) {
                winners++;
            } else {
                assertThat(response.error()).as(response.body()).isEqualTo("invalid_grant");
            }
        }
        pool.shutdown();
        assertThat(winners).isEqualTo(1);
    }

    @Test
    void nodeKilledUnderLoadLosesNoLoginAndTheOtherKeepsServing() throws Exception {
        Node victim = Node.start(dir);
        List<String> issued = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger survivorFailures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 3; i++) {
            pool.submit(() -> {
                while (running.get()) {
                    try {
                        TestServer.Response response = victim.form("/oauth/token",
                                "grant_type=password&username=alice&password=alice-password", APP);
                        if (response.status() == 200) {
                            issued.add(response.json().get("refresh_token").asText());
                        }
                    } catch (RuntimeException e) {
                        return; // the victim is gone
                    }
                }
            });
        }
        pool.submit(() -> {
            while (running.get()) {
                if (b.form("/oauth/token", "grant_type=password&username=alice&password=alice-password", APP)
                        .status() != 200) {
                    survivorFailures.incrementAndGet();
                }
            }
        });
        while (issued.size() < 10) {
            Thread.sleep(50);
        }
        victim.kill();
        Thread.sleep(500);
        running.set(false);
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        List<String> tokens;
        synchronized (issued) {
            tokens = new ArrayList<>(issued);
        }
        for (String token : tokens) {
            TestServer.Response response = b.refresh(token);
            assertThat(response.status()).as("login family answered by the killed node survives: " + response.body())
                    .isEqualTo(200);
        }
        assertThat(survivorFailures.get()).isZero();
        assertThat(b.login().get("access_token").asText()).isNotBlank();
    }
}
