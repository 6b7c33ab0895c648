package dev.latchkey.http;

import java.util.regex.Pattern;

/**
 * What a 500 logs of its exception: every cause's class and stack trace, and its message cut before any part that
 * quotes data. The database layers are configured not to put values in messages (see {@code Database}); this is
 * the second guard, for a library or a path that still does: PostgreSQL's "Detail:" and "Where:", JDBI's
 * "[statement: …, arguments: …]" and a check constraint's "Failing row".
 */
final class LoggedFailure extends RuntimeException {
    private static final Pattern CUT = Pattern.compile(
            "(?s)(\\s*(Detail|Where|Hint|Position|Call getNextException)\\s*:|\\s*\\[statement:|\\s*arguments:|\\s*Failing row).*");

    private LoggedFailure(String message, StackTraceElement[] trace, Throwable cause) {
        super(message, cause, false, true);
        setStackTrace(trace);
    }

    /** The exception as it may be logged: same classes and frames, messages without values. */
    static Throwable of(Throwable e) {
        return copy(e, 0);
    }

    private static Throwable copy(Throwable e, int depth) {
        if (e == null || depth > 16) {
            return null;
        }
        Throwable cause = copy(e.getCause() == e ? null : e.getCause(), depth + 1);
        return new LoggedFailure(e.getClass().getName() + ": " + scrub(e.getMessage()), e.getStackTrace(), cause);
    }

    static String scrub(String message) {
        if (message == null) {
            return "";
        }
        return CUT.matcher(message).replaceFirst(" [details withheld]");
    }

    @Override
    public String toString() {
        return getMessage(); // the original class is named in the message
    }
}
