package dev.tollgate.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads a password or secret from the terminal (without echo, twice) or the first line of standard input. */
final class SecretInput {
    private SecretInput() {}

    static String read(String what) {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("%s: ", what);
            char[] second = console.readPassword("Repeat %s: ", what.toLowerCase(java.util.Locale.ROOT));
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new CommandFailed("the two entries differ");
            }
            return nonEmpty(new String(first), what);
        }
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            return nonEmpty(in.readLine(), what);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String nonEmpty(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new CommandFailed(what + " expected on standard input");
        }
        return value;
    }
}
