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
import java.util.concurrent.TimeUnit;
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
        List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--config", dir.resolve("tollgate.toml").toString()));
        Map<String, String> settings = new java.util.LinkedHashMap<>(TestServer.defaults(dir));
        settings.remove("server.port");
        // slow hashing keeps a request in flight while the server is told to stop
        settings.put("passwords.memory_kib", "65536");
        settings.put("passwords.iterations", "12");
        settings.forEach((key, value) -> {
            args.add("--set");
            args.add(key + "=" + value);
        });
        Process process = CliProcess.builder(dir, args).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
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
