package dev.latchkey.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The dev outbox of the cluster's test project, read from PostgreSQL itself: the codes and tokens a person would
 * read from their inbox, whichever node sent them. Delivery may be asynchronous (the outbox), so reads wait a little.
 */
final class DevMessages {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final String jdbcUrl;

    /** Reads from {@code jdbcUrl} (a multi-host URL follows the primary). */
    DevMessages(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** The code of the newest message to {@code recipient}, waiting for one to arrive. */
    String latestCode(String recipient) {
        return latest(recipient, "code");
    }

    /** The token of the newest message to {@code recipient}, waiting for one to arrive. */
    String latestToken(String recipient) {
        return latest(recipient, "token");
    }

    /** How many messages went to {@code recipient}. */
    int count(String recipient) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM dev_messages WHERE recipient = ?")) {
            s.setString(1, recipient);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String latest(String recipient, String column) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        do {
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                    PreparedStatement s = c.prepareStatement(
                            "SELECT " + column + " FROM dev_messages WHERE recipient = ? ORDER BY seq DESC LIMIT 1")) {
                s.setString(1, recipient);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        return rs.getString(1);
                    }
                }
            } catch (SQLException e) {
                // During a failover there is no primary for a moment: the test's own read waits like a client would.
                if (System.nanoTime() >= deadline) {
                    throw new IllegalStateException(e);
                }
            }
            PostgresServer.pause(50);
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException("no message to " + recipient + " within " + WAIT);
    }
}
