package dev.tollgate.cli;

import dev.tollgate.admin.transfer.Progress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * An import's or export's progress on standard error: on a terminal one line redrawn in place with
 * the rate and the time left; otherwise (a pipe, a log) a plain line every few seconds.
 */
final class ProgressOutput implements Progress {
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;
    private static final long REDRAW_EVERY_NANOS = 200_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private String phase;
    private long total;
    private long startedAt;
    private long lastShown;
    private long done;
    private boolean drawn;

    ProgressOutput(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    static ProgressOutput standardError() {
        return new ProgressOutput(System.err, System.console() != null);
    }

    @Override
    public void started(String phase, long total) {
        endLine();
        this.phase = phase;
        this.total = total;
        this.startedAt = System.nanoTime();
        this.lastShown = startedAt;
        this.done = 0;
    }

    @Override
    public void advanced(long done) {
        this.done = done;
        long now = System.nanoTime();
        if (now - lastShown >= (terminal ? REDRAW_EVERY_NANOS : PLAIN_EVERY_NANOS)) {
            lastShown = now;
            show(now);
        }
    }

    @Override
    public void report(String line) {
        endLine();
        err.println(line);
    }

    @Override
    public void finished() {
        endLine();
    }

    private void show(long now) {
        double seconds = Math.max((now - startedAt) / 1e9, 1e-3);
        long rate = (long) (done / seconds);
        StringBuilder line = new StringBuilder(phase).append(": ").append(n(done));
        if (total > 0) {
            line.append(" of ").append(n(total)).append(" records (").append(done * 100 / total).append("%)");
        } else {
            line.append(" records");
        }
        line.append(", ").append(n(rate)).append("/s");
        if (total > 0 && rate > 0 && done < total) {
            long left = (total - done) / rate;
            line.append(", ").append(String.format(Locale.ROOT, "%d:%02d", left / 60, left % 60)).append(" left");
        }
        if (terminal) {
            err.print("\r" + line + "\u001b[K");
            err.flush();
            drawn = true;
        } else {
            err.println(line);
        }
    }

    private void endLine() {
        if (phase != null && done > 0 && (terminal || lastShown == startedAt)) {
            show(System.nanoTime());
        }
        if (drawn) {
            err.println();
            drawn = false;
        }
        phase = null;
        done = 0;
    }

    private static String n(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
