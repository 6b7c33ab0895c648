package dev.latchkey.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The logging configuration, set in code (found by logback through {@code META-INF/services}) rather than read from
 * a {@code logback.xml}: parsing the XML took about 0.2 s of every start, before the server was ready (issue 12).
 * An operator's own file still wins: with {@code -Dlogback.configurationFile=...} this steps aside and logback
 * reads that file as before.
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";

    /**
     * Levels below the root's INFO. Never below WARN for the database libraries: their statement and parameter
     * logging would print bound values (addresses, token digests, sealed secrets); see docs/compatibility.md, "Logs".
     * SAML: java-saml-core logs every refused response at ERROR (a client's mistake, reported to it as an
     * error_type) and whole SAMLResponses, with their personal data, at DEBUG; Santuario logs digests.
     */
    static final Map<String, Level> LEVELS = Map.of(
            "com.zaxxer.hikari", Level.WARN,
            "org.jdbi", Level.WARN,
            "org.postgresql", Level.WARN,
            "org.flywaydb", Level.WARN,
            "io.zonky", Level.WARN,
            "org.eclipse.jetty", Level.WARN,
            "io.javalin", Level.WARN,
            "com.onelogin", Level.OFF,
            "org.apache.xml.security", Level.ERROR);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
