package dev.latchkey.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The logging configuration set in code (issue 12) is the one logback uses: levels and the console pattern. */
class LogConfigurationTest {

    @Test
    void logbackUsesItsLevelsAndConsolePattern() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender("STDOUT")).isInstanceOfSatisfying(ConsoleAppender.class, a -> assertThat(
                        ((ch.qos.logback.classic.encoder.PatternLayoutEncoder) a.getEncoder()).getPattern())
                .isEqualTo(LogConfiguration.PATTERN));
        LogConfiguration.LEVELS.forEach(
                (name, level) -> assertThat(((Logger) LoggerFactory.getLogger(name)).getEffectiveLevel())
                        .as(name)
                        .isEqualTo(level));
        // The database libraries never log below WARN (statements and bound values).
        assertThat(((Logger) LoggerFactory.getLogger("org.jdbi.v3.core.statement")).isDebugEnabled())
                .isFalse();
        assertThat(((Logger) LoggerFactory.getLogger("org.postgresql.core.v3")).isInfoEnabled())
                .isFalse();
        assertThat(((Logger) LoggerFactory.getLogger("com.onelogin.saml2")).isErrorEnabled())
                .isFalse();
    }
}
