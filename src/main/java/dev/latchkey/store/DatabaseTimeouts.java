package dev.latchkey.store;

import java.time.Duration;
import java.util.Map;

/**
 * How long a request may wait on PostgreSQL before it is answered {@code 503 server_unavailable} instead of hanging
 * (issue 11): a pooled connection must be had within {@code connection}, which also bounds the TCP connect of a new
 * one, and a socket read that gets nothing for {@code socket} fails (a database host that vanished without closing
 * its connections, e.g. behind a dead network path).
 *
 * @param connection {@code LATCHKEY_DATABASE_CONNECT_TIMEOUT_MS}, at least 250 ms (HikariCP's floor)
 * @param socket {@code LATCHKEY_DATABASE_SOCKET_TIMEOUT_SECONDS}; longer than the slowest statement Latchkey runs
 */
public record DatabaseTimeouts(Duration connection, Duration socket) {
    public static final DatabaseTimeouts DEFAULTS =
            new DatabaseTimeouts(Duration.ofMillis(1_000), Duration.ofSeconds(30));

    public DatabaseTimeouts {
        if (connection.toMillis() < 250 || socket.toSeconds() < 1) {
            throw new IllegalArgumentException(
                    "database timeouts must be at least 250 ms (connection) and 1 s (socket)");
        }
    }

    public static DatabaseTimeouts fromEnvironment(Map<String, String> env) {
        return new DatabaseTimeouts(
                Duration.ofMillis(Long.parseLong(env.getOrDefault(
                        "LATCHKEY_DATABASE_CONNECT_TIMEOUT_MS", Long.toString(DEFAULTS.connection.toMillis())))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault(
                        "LATCHKEY_DATABASE_SOCKET_TIMEOUT_SECONDS", Long.toString(DEFAULTS.socket.toSeconds())))));
    }

    /** The driver's TCP connect timeout, in whole seconds as pgjdbc takes it, rounded up. */
    int connectSeconds() {
        return (int) Math.max(1, (connection.toMillis() + 999) / 1000);
    }
}
