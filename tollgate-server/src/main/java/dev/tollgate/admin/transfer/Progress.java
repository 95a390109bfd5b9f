package dev.tollgate.admin.transfer;

/** What an import or export tells its caller while it runs: the CLI draws it on standard error. */
public interface Progress {
    /** A phase begins ("checking", "importing", "exporting"); {@code total} records, or -1 when unknown. */
    void started(String phase, long total);

    /** {@code done} records of the phase so far. */
    void advanced(long done);

    /** A line to show as it is: an invalid record skipped, a conflict, a warning. */
    void report(String line);

    void finished();

    Progress NONE = new Progress() {
        @Override
        public void started(String phase, long total) {}

        @Override
        public void advanced(long done) {}

        @Override
        public void report(String line) {}

        @Override
        public void finished() {}
    };
}
