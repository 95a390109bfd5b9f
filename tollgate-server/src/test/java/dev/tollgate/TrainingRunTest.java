package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launcher's training run ({@code -Dtollgate.training=true}, see ./tollgate) serves its
 * password, refresh, client-credentials and introspection requests and stops by itself; any answer
 * but 200 ends it with a non-zero exit, and the launcher would start without its archive.
 */
class TrainingRunTest {
    @Test
    void trainingRunAnswersEveryRequestAndStops() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("tollgate-test");
        Files.writeString(dir.resolve("empty.toml"), "");
        List<String> command = new ArrayList<>(CliProcess.builder(dir, List.of("serve", "--config",
                dir.resolve("empty.toml").toString(), "--host", "127.0.0.1", "--port", "0",
                "--set", "storage.url=jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(),
                "--set", "keys.encryption_key_file=" + dir.resolve("key").toAbsolutePath(),
                "--set", "audit.file=" + dir.resolve("audit.log").toAbsolutePath(),
                "--set", "metrics.port=0", "--set", "brute_force.ip_requests_per_minute=0",
                "--set", "passwords.memory_kib=64", "--set", "passwords.iterations=1")).command());
        command.add(1, "-Dtollgate.training=true");
        Path log = dir.resolve("training.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("Tollgate listening on");
        long issued = Files.readAllLines(dir.resolve("audit.log")).stream()
                .filter(line -> line.contains("\"token_issued\"")).count();
        assertThat(output).doesNotContain("training request to");
        TestServer.delete(dir);
        assertThat(issued).as("tokens issued by the training's password grants at least").isGreaterThanOrEqualTo(40);
    }
}
