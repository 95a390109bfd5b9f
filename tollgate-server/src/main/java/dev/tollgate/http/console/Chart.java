package dev.tollgate.http.console;

import dev.tollgate.admin.AuditEvent;
import dev.tollgate.admin.AuditEvents;
import dev.tollgate.admin.AuditQuery;
import dev.tollgate.admin.Page;
import dev.tollgate.observe.AuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The dashboard's chart: logins, failed logins, lockouts and tokens issued per minute over the
 * last hour, counted from the stored audit events and drawn as SVG polylines on the server.
 */
public final class Chart {
    static final int MINUTES = 60;
    /** At most this many events are read for one chart (ten thousand in the hour). */
    private static final int MAX_PAGES = 50;
    public static final int WIDTH = 600;
    public static final int HEIGHT = 160;

    /** One line of the chart: its name, CSS class, the counts per minute (oldest first) and its points. */
    public record Series(String name, String css, int[] counts, int total, String points) {}

    /** The lines, the highest count (the y axis' top) and whether only part of the hour was read. */
    public record Data(List<Series> series, int max, boolean truncated) {}

    private Chart() {}

    static Data of(AuditEvents audit, Instant now) {
        Instant since = now.minus(Duration.ofMinutes(MINUTES));
        int[] logins = new int[MINUTES];
        int[] failures = new int[MINUTES];
        int[] lockouts = new int[MINUTES];
        int[] tokens = new int[MINUTES];
        String cursor = null;
        int pages = 0;
        do {
            Page<AuditEvent> page = audit.search(new AuditQuery(null, null, null, since, null), cursor,
                    AuditEvents.MAX_PAGE);
            for (AuditEvent event : page.items()) {
                int minute = (int) Duration.between(since, event.time()).toMinutes();
                if (minute < 0 || minute >= MINUTES) {
                    continue;
                }
                switch (event.type()) {
                    case AuditLog.TOKEN_ISSUED -> {
                        tokens[minute]++;
                        if ("password".equals(event.details().get("grant_type"))) {
                            logins[minute]++;
                        }
                    }
                    case AuditLog.LOGIN_FAILED -> failures[minute]++;
                    case AuditLog.LOCKOUT_STARTED -> lockouts[minute]++;
                    default -> { }
                }
            }
            cursor = page.next();
        } while (cursor != null && ++pages < MAX_PAGES);
        int max = 1;
        for (int[] counts : List.of(logins, failures, lockouts, tokens)) {
            for (int count : counts) {
                max = Math.max(max, count);
            }
        }
        return new Data(List.of(series("Logins", "logins", logins, max), series("Failed logins", "failures", failures, max),
                series("Lockouts", "lockouts", lockouts, max), series("Tokens issued", "tokens", tokens, max)),
                max, cursor != null);
    }

    private static Series series(String name, String css, int[] counts, int max) {
        StringBuilder points = new StringBuilder();
        int total = 0;
        for (int i = 0; i < counts.length; i++) {
            total += counts[i];
            long x = Math.round(i * (WIDTH / (double) (MINUTES - 1)));
            long y = Math.round(HEIGHT - counts[i] * (HEIGHT / (double) max));
            points.append(x).append(',').append(y).append(' ');
        }
        return new Series(name, css, counts, total, points.toString().trim());
    }
}
