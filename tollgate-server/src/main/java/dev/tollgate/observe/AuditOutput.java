package dev.tollgate.observe;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import dev.tollgate.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import net.logstash.logback.composite.loggingevent.KeyValuePairsJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventJsonProviders;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import org.slf4j.LoggerFactory;

/**
 * Sends an {@link AuditLog}'s events to its own file (or standard output) as JSON lines, through
 * Logback and the logstash JSON encoder: {@code time} (UTC, ISO 8601) and then the event's fields.
 * Each audit log gets a logger of its own that does not pass events on to the application log,
 * so several servers in one JVM (as in the tests) keep separate files.
 */
public final class AuditOutput {
    /** Where the audit log goes when {@code [audit] file} is empty: next to the default database. */
    public static final Path DEFAULT_FILE = Path.of("data", "audit.log");
    public static final String STDOUT = "-";
    private static final AtomicInteger SERIAL = new AtomicInteger();

    private AuditOutput() {}

    /** An audit log writing to {@code file}, opened now. */
    public static AuditLog open(String file) {
        return open(file, false);
    }

    /**
     * An audit log writing to {@code file}. With {@code lazy}, a file is created only when the first
     * event is written (a management command that writes none leaves none behind); otherwise it is
     * opened now, and a file that cannot be written is a configuration error.
     */
    public static AuditLog open(String file, boolean lazy) {
        return open(file, lazy, null);
    }

    /** As {@link #open(String, boolean)}, each event also handed to {@code store} (null: none). */
    public static AuditLog open(String file, boolean lazy, AuditQueue store) {
        return new AuditLog(() -> sink(file), lazy, store);
    }

    private static AuditLog.Sink sink(String file) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        int serial = SERIAL.incrementAndGet();
        Logger logger = context.getLogger("tollgate.audit." + serial);
        OutputStreamAppender<ILoggingEvent> appender = appender(file);
        appender.setContext(context);
        appender.setName("audit-" + serial);
        appender.setEncoder(encoder(context));
        appender.start();
        if (!appender.isStarted()) {
            throw new ConfigException("config key 'audit.file': cannot write the audit log to '"
                    + (file.isEmpty() ? DEFAULT_FILE : file) + "'");
        }
        logger.setAdditive(false);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logger.addAppender(appender);
        return new AuditLog.Sink(logger, () -> {
            logger.detachAppender(appender);
            appender.stop();
        });
    }

    private static OutputStreamAppender<ILoggingEvent> appender(String file) {
        if (STDOUT.equals(file)) {
            return new ConsoleAppender<>();
        }
        Path path = file.isEmpty() ? DEFAULT_FILE : Path.of(file);
        createPrivate(path);
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setFile(path.toString());
        appender.setAppend(true);
        return appender;
    }

    /**
     * Creates the file readable by its owner only before Logback opens it (Logback would create it
     * with the process's umask): the lines name users, clients and their addresses. An existing
     * file keeps its mode. Where POSIX modes do not exist, or the file cannot be made, Logback's own
     * error decides.
     */
    private static void createPrivate(Path path) {
        if (Files.exists(path)) {
            return;
        }
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException | IOException e) {
            // left to the appender, which reports a file it cannot write
        }
    }

    private static LoggingEventCompositeJsonEncoder encoder(LoggerContext context) {
        LoggingEventJsonProviders providers = new LoggingEventJsonProviders();
        LoggingEventFormattedTimestampJsonProvider time = new LoggingEventFormattedTimestampJsonProvider();
        time.setFieldName("time");
        time.setTimeZone("UTC");
        providers.addTimestamp(time);
        providers.addKeyValuePairs(new KeyValuePairsJsonProvider());
        LoggingEventCompositeJsonEncoder encoder = new LoggingEventCompositeJsonEncoder();
        encoder.setContext(context);
        encoder.setProviders(providers);
        encoder.start();
        return encoder;
    }
}
