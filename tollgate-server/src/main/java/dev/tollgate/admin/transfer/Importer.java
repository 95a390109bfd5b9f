package dev.tollgate.admin.transfer;

import dev.tollgate.admin.Admin;
import dev.tollgate.admin.AdminException;
import dev.tollgate.admin.Users;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * Imports a file in two streaming passes, so that any size passes through little memory and a bad
 * record stops the import before anything is written: the first reads and checks every record
 * (and counts them, for the progress), the second writes users in batches, one transaction each,
 * and clients one at a time. Each record is added, left unchanged (the same data is there
 * already: importing a file twice changes nothing), updated (with {@code update}) or a conflict.
 */
public final class Importer {
    /** Users per transaction. */
    static final int BATCH = 1000;
    private static final int PROGRESS_EVERY = 1000;

    private final Admin admin;
    private final Settings settings;
    private final Progress progress;

    /**
     * @param skipInvalid import the valid records and report the others, instead of stopping at the first
     * @param update replace users and clients that exist with different data instead of reporting conflicts
     * @param allowWeakHashes admit salted fast digests (Auth0's sha256, sha512, sha1, md5)
     */
    public record Settings(boolean dryRun, boolean skipInvalid, boolean update, boolean allowWeakHashes) {}

    /** What the import did, in numbers; conflicts and invalid records are reported one by one as they are met. */
    public static final class Summary {
        long usersAdded;
        long usersUpdated;
        long usersUnchanged;
        long clientsAdded;
        long clientsUpdated;
        long clientsUnchanged;
        long conflicts;
        long invalid;
        long skipped;
        long weak;
        boolean dryRun;

        public long conflicts() {
            return conflicts;
        }

        public long invalid() {
            return invalid;
        }

        public long usersAdded() {
            return usersAdded;
        }

        /** One line: {@code imported 99,998 users (99,998 new, ...), 2 invalid, ..., 14 clients (...)}. */
        public String line() {
            String line = (dryRun ? "dry run, nothing written: would import " : "imported ")
                    + n(usersAdded + usersUpdated + usersUnchanged) + " users (" + n(usersAdded) + " new, "
                    + n(usersUpdated) + " updated, " + n(usersUnchanged) + " unchanged), " + n(invalid) + " invalid, "
                    + n(conflicts) + " conflicts, " + n(clientsAdded + clientsUpdated + clientsUnchanged) + " clients ("
                    + n(clientsAdded) + " new, " + n(clientsUpdated) + " updated, " + n(clientsUnchanged)
                    + " unchanged), " + n(skipped) + " skipped";
            return weak == 0 ? line : line + "; " + n(weak) + " users with weak hashes, flagged until they log in";
        }

        private static String n(long value) {
            return String.format(Locale.ROOT, "%,d", value);
        }
    }

    public Importer(Admin admin, Settings settings, Progress progress) {
        this.admin = admin;
        this.settings = settings;
        this.progress = progress;
    }

    public static RecordReader.Source keycloak(Path file) {
        return source(file, () -> KeycloakReader.open(file));
    }

    public static RecordReader.Source auth0(Path file) {
        return source(file, () -> Auth0Reader.open(file));
    }

    /** JSON Lines (what export writes) or CSV. */
    public static RecordReader.Source users(Path file) {
        return source(file, () -> UserFileReader.open(file));
    }

    private static RecordReader.Source source(Path file, RecordReader.Source open) {
        return new RecordReader.Source() {
            @Override
            public RecordReader open() throws IOException {
                return new ReadAhead(open.open());
            }

            @Override
            public String version() throws IOException {
                return Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
            }
        };
    }

    /**
     * Runs the import. The first invalid record is thrown as an {@link InvalidRecord} before
     * anything is written, unless {@code skipInvalid}; a fatal one (broken JSON) always is.
     */
    public Summary run(RecordReader.Source source) throws IOException {
        Summary summary = new Summary();
        summary.dryRun = settings.dryRun();
        String version = source.version();
        BitSet invalid = new BitSet();
        long total = check(source, summary, invalid);
        write(source, total, summary, invalid, version);
        progress.finished();
        return summary;
    }

    /**
     * Checks every record, and notes the numbers of the invalid ones (kept only with
     * {@code skipInvalid}; one bit per record up to the last invalid one): the write pass skips
     * them and checks no record again.
     */
    private long check(RecordReader.Source source, Summary summary, BitSet invalid) throws IOException {
        progress.started("checking", -1);
        long count = 0;
        try (RecordReader reader = source.open()) {
            while (true) {
                try {
                    ImportRecord record = reader.read();
                    if (record == null) {
                        break;
                    }
                    check(record);
                } catch (InvalidRecord e) {
                    if (e.fatal() || !settings.skipInvalid()) {
                        throw e;
                    }
                    summary.invalid++;
                    if (e.number() > 0 && e.number() <= Integer.MAX_VALUE) {
                        invalid.set((int) e.number());
                    }
                    progress.report(e.getMessage() + " (skipped)");
                }
                if (++count % PROGRESS_EVERY == 0) {
                    progress.advanced(count);
                }
            }
        }
        progress.advanced(count);
        return count;
    }

    private void check(ImportRecord record) {
        try {
            if (record instanceof ImportRecord.User user) {
                admin.users().checkImport(user.user(), settings.allowWeakHashes());
            } else if (record instanceof ImportRecord.Client client) {
                admin.clients().checkImport(client.spec(), client.secretHash());
            }
        } catch (AdminException.Invalid e) {
            throw new InvalidRecord(record.number(), 0, e.field(), e.reason(), false);
        }
    }

    private void write(RecordReader.Source source, long total, Summary summary, BitSet invalid, String version)
            throws IOException {
        progress.started(settings.dryRun() ? "comparing" : "importing", total);
        List<Users.UserImport> batch = new ArrayList<>(BATCH);
        List<Long> numbers = new ArrayList<>(BATCH);
        long done = 0;
        try (RecordReader reader = source.open()) {
            while (true) {
                ImportRecord record;
                try {
                    record = reader.read();
                    if (record == null) {
                        break;
                    }
                } catch (InvalidRecord e) {
                    done++;
                    continue; // reported by the check
                }
                if (record.number() <= Integer.MAX_VALUE && invalid.get((int) record.number())) {
                    done++;
                    continue; // reported by the check
                }
                if (record instanceof ImportRecord.User user) {
                    batch.add(user.user());
                    numbers.add(user.number());
                    if (batch.size() == BATCH) {
                        unchanged(source, version);
                        flush(batch, numbers, summary);
                    }
                } else if (record instanceof ImportRecord.Client client) {
                    client(client, summary);
                } else {
                    summary.skipped++;
                }
                if (++done % PROGRESS_EVERY == 0) {
                    progress.advanced(done);
                }
            }
            unchanged(source, version);
            flush(batch, numbers, summary);
        }
        progress.advanced(done);
    }

    /** The records written were checked in the first pass: that holds only while the file is the one it read. */
    private static void unchanged(RecordReader.Source source, String version) throws IOException {
        if (version != null && !version.equals(source.version())) {
            throw new IOException("the file changed after it was checked; the batches before are imported, "
                    + "importing the file again completes the rest");
        }
    }

    private void flush(List<Users.UserImport> batch, List<Long> numbers, Summary summary) {
        if (batch.isEmpty()) {
            return;
        }
        List<Users.Imported> results = admin.users().importBatch(batch, settings.update(), settings.dryRun());
        for (int i = 0; i < results.size(); i++) {
            Users.Imported result = results.get(i);
            switch (result.change()) {
                case ADDED -> summary.usersAdded++;
                case UPDATED -> summary.usersUpdated++;
                case UNCHANGED -> summary.usersUnchanged++;
                case CONFLICT -> conflict(numbers.get(i), result.conflict(), summary);
            }
            if (result.change() != Users.Change.CONFLICT && result.change() != Users.Change.UNCHANGED
                    && settings.allowWeakHashes() && admin.users().isWeakHash(batch.get(i).passwordHash())) {
                summary.weak++;
            }
        }
        batch.clear();
        numbers.clear();
    }

    private void client(ImportRecord.Client client, Summary summary) {
        Users.Imported result = admin.clients().importClient(client.spec(), client.secretHash(), settings.update(),
                settings.dryRun());
        switch (result.change()) {
            case ADDED -> summary.clientsAdded++;
            case UPDATED -> summary.clientsUpdated++;
            case UNCHANGED -> summary.clientsUnchanged++;
            case CONFLICT -> conflict(client.number(), result.conflict(), summary);
        }
    }

    private void conflict(long number, String reason, Summary summary) {
        summary.conflicts++;
        progress.report("record " + number + ": " + reason);
    }
}
