package dev.latchkey.store;

import dev.latchkey.error.ApiException;
import dev.latchkey.error.ErrorType;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a database that cannot be reached from every other failure, so that a request during an outage is answered
 * {@code 503 server_unavailable} with {@code Retry-After} (the client should come back) rather than {@code 500}
 * (something is wrong with this request). The outage is logged once when it starts and once when it ends, not once
 * per request.
 */
final class Outage {
    private static final Logger LOG = LoggerFactory.getLogger(Outage.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final AtomicBoolean down = new AtomicBoolean();

    /** {@code failure} as {@code server_unavailable} when the database could not be reached, else unchanged. */
    RuntimeException translate(RuntimeException failure) {
        if (!isUnreachable(failure)) {
            return failure;
        }
        if (down.compareAndSet(false, true)) {
            LOG.warn("database unreachable; answering 503 until it is back: {}", describe(failure));
        }
        return new ApiException(
                ErrorType.SERVER_UNAVAILABLE, "The service is temporarily unavailable; retry shortly.", RETRY_AFTER);
    }

    /** Called after every call that reached the database. */
    void reached() {
        if (down.get() && down.compareAndSet(true, false)) {
            LOG.info("database reachable again");
        }
    }

    /**
     * Whether anything in the cause chain says the connection, not the statement, failed: HikariCP's timeout waiting
     * for a connection ({@link SQLTransientConnectionException}), a connection refused or lost, or a server that is
     * shutting down or starting up.
     */
    static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && (isConnectionState(sql.getSQLState()) || isEvictedByThePool(sql))) {
                return true;
            }
        }
        return false;
    }

    /**
     * HikariCP's own "Connection is closed", without a SQLSTATE: the pool evicted the connection as broken (its
     * server went away, e.g. a primary stopped for a failover) while a request held it.
     */
    private static boolean isEvictedByThePool(SQLException e) {
        return e.getSQLState() == null && "Connection is closed".equals(e.getMessage());
    }

    /**
     * SQLSTATE class 08 (connection exception), 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now
     * and 53300 too_many_connections (PostgreSQL Appendix A).
     */
    private static boolean isConnectionState(String state) {
        if (state == null) {
            return false;
        }
        String s = state.toUpperCase(Locale.ROOT);
        return s.startsWith("08") || s.equals("57P01") || s.equals("57P02") || s.equals("57P03") || s.equals("53300");
    }

    /** The innermost cause's class and SQLSTATE: enough to diagnose, with no statement or value in it. */
    private static String describe(Throwable failure) {
        Throwable root = failure;
        String state = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                state = sql.getSQLState();
            }
        }
        return root.getClass().getName() + (state == null ? "" : " (SQLSTATE " + state + ")");
    }
}
