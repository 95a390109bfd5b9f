package dev.tollgate.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** logback finds the set-up through its service loader, as a started server does. */
class LogConfiguratorTest {
    @Test
    void rootLogsInfoToStandardErrorAndNoisyLibrariesLess() {
        assertThat(LoggerFactory.getLogger("dev.tollgate.server.Tollgate").isInfoEnabled()).isTrue();
        assertThat(LoggerFactory.getLogger("dev.tollgate.server.Tollgate").isDebugEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger("org.eclipse.jetty.server.Server").isInfoEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger("org.eclipse.jetty.server.Server").isWarnEnabled()).isTrue();
        assertThat(LoggerFactory.getLogger("org.eclipse.jetty.http.HttpParser").isWarnEnabled())
                .as("malformed requests are not logged").isFalse();
        assertThat(LoggerFactory.getLogger("org.flywaydb.core.Flyway").isInfoEnabled()).isFalse();

        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        assertThat(((PatternLayoutEncoder) stderr.getEncoder()).getPattern()).isEqualTo(LogConfigurator.PATTERN);
    }
}
