package dev.tollgate.admin.transfer;

import dev.tollgate.admin.Admin;
import dev.tollgate.store.Client;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes every client and then every user, one JSON line each in the {@link Lines} format that
 * {@code import users} reads back. Hashes only: a client's secret leaves as its hash, and
 * {@code client_secret_jwt}, which needs the secret itself, is left out of its methods (reported).
 * The file is written beside its destination, readable by its owner only, and moved into place
 * when complete, so a failed export leaves no partial file.
 */
public final class Exporter {

    private final Admin admin;
    private final Progress progress;

    public record Counts(long clients, long users) {}

    public Exporter(Admin admin, Progress progress) {
        this.admin = admin;
        this.progress = progress;
    }

    public Counts export(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path temporary = target.resolveSibling(target.getFileName() + ".partial");
        Files.deleteIfExists(temporary);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(temporary);
        }
        long[] counts = new long[2];
        try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            progress.started("exporting", -1);
            for (Client client : admin.clients().list()) {
                if (client.allowsAuthMethod(Client.CLIENT_SECRET_JWT)) {
                    progress.report("client '" + client.id() + "' is exported without client_secret_jwt, which needs "
                            + "the secret itself: rotate its secret after the import to use that method again");
                }
                line(out, Lines.of(client).toString());
                counts[0]++;
            }
            admin.users().forEachStored(user -> {
                line(out, Lines.of(user).toString());
                if (++counts[1] % 1000 == 0) {
                    progress.advanced(counts[0] + counts[1]);
                }
            });
            progress.advanced(counts[0] + counts[1]);
        } catch (UncheckedIOException e) {
            Files.deleteIfExists(temporary);
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        progress.finished();
        return new Counts(counts[0], counts[1]);
    }

    private static void line(BufferedWriter out, String json) {
        try {
            out.write(json);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
