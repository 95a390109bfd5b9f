package dev.tollgate.cli;

import dev.tollgate.admin.Admin;
import dev.tollgate.admin.transfer.Importer;
import dev.tollgate.admin.transfer.InvalidRecord;
import dev.tollgate.admin.transfer.RecordReader;
import dev.tollgate.store.StorageUnavailable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import users (with their password hashes) and clients from another system. The file is read "
                + "twice, streaming: first every record is checked, and nothing is written if one is invalid "
                + "(unless --skip-invalid); then users are written in batches, one transaction each. Importing the "
                + "same file again changes nothing; a user or client that exists with different data is a conflict "
                + "(exit code 1) unless --update.",
        subcommands = {ImportCommand.Keycloak.class, ImportCommand.Auth0.class, ImportCommand.UserFile.class})
final class ImportCommand {

    /** The options every import takes. */
    static final class Options {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--dry-run", description = "check and compare everything, write nothing")
        boolean dryRun;

        @Option(names = "--skip-invalid", description = "import the valid records and report the invalid ones")
        boolean skipInvalid;

        @Option(names = "--update", description = "replace users and clients that exist with different data")
        boolean update;

        @Option(names = "--allow-weak-hashes",
                description = "admit salted SHA-256/SHA-512/SHA-1/MD5 hashes (Auth0 custom_password_hash); "
                        + "such users are flagged until their first login replaces the hash")
        boolean allowWeakHashes;
    }

    abstract static class Run extends AdminCommand {
        @Mixin
        Options importOptions;

        abstract Function<Path, RecordReader.Source> format();

        @Override
        void run(Admin admin) {
            Path file = importOptions.file;
            if (!Files.isReadable(file) || Files.isDirectory(file)) {
                throw new CommandFailed("cannot read " + file);
            }
            Importer importer = new Importer(admin, new Importer.Settings(importOptions.dryRun, importOptions.skipInvalid,
                    importOptions.update, importOptions.allowWeakHashes), ProgressOutput.standardError());
            Importer.Summary summary;
            try {
                summary = importer.run(format().apply(file));
            } catch (InvalidRecord e) {
                throw new CommandFailed(e.getMessage() + "; nothing was written"
                        + (e.fatal() || importOptions.skipInvalid ? "" : " (--skip-invalid imports the valid records)"));
            } catch (IOException e) {
                throw new CommandFailed("cannot read " + file + ": " + e.getMessage());
            } catch (StorageUnavailable e) {
                // for example a user added by someone else while the batch was written
                throw new CommandFailed("a batch could not be written (" + e.getMessage() + "); the batches before it "
                        + "are imported, and importing the file again completes the rest");
            }
            System.out.println(summary.line());
            if (summary.conflicts() > 0) {
                throw new CommandFailed(summary.conflicts() + " records conflict with existing users or clients "
                        + "and were not imported (--update replaces them)");
            }
        }
    }

    @Command(name = "keycloak", mixinStandardHelpOptions = true,
            description = "Import a Keycloak realm export (kc.sh export --realm R --users realm_file; Keycloak 20 "
                    + "to 26): users with their password hashes, realm roles as scopes, confidential and public clients.")
    static final class Keycloak extends Run {
        @Override
        Function<Path, RecordReader.Source> format() {
            return Importer::keycloak;
        }
    }

    @Command(name = "auth0", mixinStandardHelpOptions = true,
            description = "Import an Auth0 bulk user import file (a JSON array; password_hash or custom_password_hash).")
    static final class Auth0 extends Run {
        @Override
        Function<Path, RecordReader.Source> format() {
            return Importer::auth0;
        }
    }

    @Command(name = "users", mixinStandardHelpOptions = true,
            description = "Import JSON Lines (what export writes: users and clients) or CSV with the header "
                    + "username,password_hash,email,name,scopes (scopes separated by spaces).")
    static final class UserFile extends Run {
        @Override
        Function<Path, RecordReader.Source> format() {
            return Importer::users;
        }
    }
}
