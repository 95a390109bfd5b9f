package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** SIGTERM: stop accepting, finish the requests in flight, exit 0. */
class GracefulShutdownTest {
    @Test
    void sigtermFinishesRequestsInFlightAndExitsZero() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-shutdown");
        Files.writeString(dir.resolve("tollgate.toml"), """
                [[clients]]
                id = "native"
                grant_types = ["password", "refresh_token"]

                [[users]]
                username = "alice"
                password = "alice-password"
                """);
        // slow hashing keeps a request in flight while the server is told to stop
        Process process = serve(dir, Map.of("passwords.memory_kib", "65536", "passwords.iterations", "12"));
        try {
            String url = listeningUrl(process);
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest login = HttpRequest.newBuilder(URI.create(url + "/oauth/token"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "grant_type=password&client_id=native&username=alice&password=alice-password"))
                    .build();
            CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(login, HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);
            process.destroy();
            HttpResponse<String> response = inFlight.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).as("the refresh token is stored after the hash").contains("refresh_token");
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        } finally {
            process.destroyForcibly();
            TestServer.delete(dir);
        }
    }

    @Test
    void sigtermUnderLoadFailsNoRequestOnStorage() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-shutdown");
        Files.writeString(dir.resolve("tollgate.toml"), """
                [[clients]]
                id = "gateway"
                secret = "gateway-secret"
                grant_types = ["client_credentials"]
                """);
        Process process = serve(dir, Map.of("brute_force.ip_requests_per_minute", "0"));
        try {
            String url = listeningUrl(process);
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest token = HttpRequest.newBuilder(URI.create(url + "/oauth/token"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", TestServer.basic("gateway", "gateway-secret"))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                    .build();
            AtomicInteger ok = new AtomicInteger();
            List<String> storageFailures = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService clients = Executors.newFixedThreadPool(4);
            for (int i = 0; i < 4; i++) {
                clients.submit(() -> {
                    while (true) {
                        HttpResponse<String> response;
                        try {
                            response = http.send(token, HttpResponse.BodyHandlers.ofString());
                        } catch (java.io.IOException | InterruptedException e) {
                            return; // the server has gone
                        }
                        if (response.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else if (response.body().contains("storage")) {
                            storageFailures.add(response.body());
                        }
                    }
                });
            }
            while (ok.get() < 200) {
                Thread.sleep(20);
            }
            process.destroy();
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(storageFailures).as("requests failed because storage closed under them").isEmpty();
        } finally {
            process.destroyForcibly();
            TestServer.delete(dir);
        }
    }

    /** A serve process on the test database with the configuration file in DIR and these settings. */
    static Process serve(Path dir, Map<String, String> extra) throws java.io.IOException {
        List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--config", dir.resolve("tollgate.toml").toString()));
        Map<String, String> settings = new java.util.LinkedHashMap<>(TestServer.defaults(dir));
        settings.remove("server.port");
        settings.putAll(extra);
        settings.forEach((key, value) -> {
            args.add("--set");
            args.add(key + "=" + value);
        });
        return CliProcess.builder(dir, args).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    static String listeningUrl(Process process) throws Exception {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("listening on (http://\\S+)");
        for (String line = err.readLine(); line != null; line = err.readLine()) {
            Matcher matcher = listening.matcher(line);
            if (matcher.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        err.transferTo(java.io.Writer.nullWriter());
                    } catch (java.io.IOException e) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return matcher.group(1);
            }
        }
        throw new AssertionError("the server did not start");
    }
}
