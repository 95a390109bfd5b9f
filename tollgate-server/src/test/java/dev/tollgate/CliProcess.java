package dev.tollgate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the tollgate command line in a separate JVM, as a user's shell would. */
final class CliProcess {
    private CliProcess() {}

    record Result(int exit, String out, String err) {}

    static ProcessBuilder builder(Path workingDir, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // management commands are short-lived: the quick JIT tier starts them faster
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.tollgate.cli.Main");
        command.addAll(args);
        return new ProcessBuilder(command).directory(workingDir.toFile());
    }

    /** Runs a command on the storage and configuration of a test server, as its operator would. */
    static Result against(TestServer server, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(server.dir.resolve("tollgate.toml").toString());
        TestServer.defaults(server.dir).forEach((key, value) -> {
            all.add("--set");
            all.add(key + "=" + value);
        });
        return run(server.dir, stdin, all);
    }

    static Result run(Path workingDir, String stdin, List<String> args) {
        try {
            Process process = builder(workingDir, args).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process, false));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process, true));
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("tollgate " + args + " did not finish");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String read(Process process, boolean error) {
        try {
            return new String((error ? process.getErrorStream() : process.getInputStream()).readAllBytes(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
