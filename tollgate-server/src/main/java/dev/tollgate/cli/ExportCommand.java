package dev.tollgate.cli;

import dev.tollgate.admin.Admin;
import dev.tollgate.admin.transfer.Exporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write every client and user to FILE as JSON Lines, with password and secret hashes (never "
                + "plain secrets), readable by its owner only. 'import users FILE' reads it back into another Tollgate.")
final class ExportCommand extends AdminCommand {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    void run(Admin admin) {
        Exporter.Counts counts;
        try {
            counts = new Exporter(admin, ProgressOutput.standardError()).export(file);
        } catch (IOException e) {
            throw new CommandFailed("cannot write " + file + ": " + e.getMessage());
        }
        System.out.println(String.format(Locale.ROOT, "exported %,d clients and %,d users to %s", counts.clients(),
                counts.users(), file));
    }
}
