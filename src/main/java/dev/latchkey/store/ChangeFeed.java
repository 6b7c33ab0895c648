package dev.latchkey.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.PGProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays the database's change notifications ({@code LISTEN latchkey_changes}, sent by the triggers of migration
 * V13 when another node, or the CLI, commits a change) to this node's {@link Changes}. It holds one connection of
 * its own, outside the pool. Whenever it (re)connects it announces {@link Change#EVERYTHING}, since changes made
 * while it was away were not heard; while it is away the caches still drop entries after their time to live.
 */
final class ChangeFeed implements AutoCloseable {
    static final String CHANNEL = "latchkey_changes";
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
    private static final int POLL_MILLIS = 250;
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final String jdbcUrl;
    private final Properties props;
    private final Changes changes;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;
    private boolean lost; // logged once per outage, not once per retry

    ChangeFeed(String jdbcUrl, String user, String password, Changes changes) {
        this.jdbcUrl = jdbcUrl;
        this.props = new Properties();
        PGProperty.USER.set(props, user);
        PGProperty.PASSWORD.set(props, password);
        PGProperty.CONNECT_TIMEOUT.set(props, 5);
        PGProperty.TCP_KEEP_ALIVE.set(props, true);
        PGProperty.APPLICATION_NAME.set(props, "latchkey-change-feed");
        this.changes = changes;
        this.thread = Thread.ofPlatform().daemon().name("latchkey-change-feed").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (!closed) {
            try (Connection c = new org.postgresql.Driver().connect(jdbcUrl, props)) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                changes.publish(Change.EVERYTHING);
                if (lost) {
                    LOG.info("change feed reconnected; caches emptied");
                    lost = false;
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] batch = pg.getNotifications(POLL_MILLIS);
                    if (batch == null) {
                        continue;
                    }
                    for (PGNotification n : batch) {
                        Change change = Change.parse(n.getParameter());
                        if (change != null) {
                            changes.publish(change);
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!closed) {
                    LOG.warn(
                            "change feed lost its connection ({}); caches rely on their time to live until it is back",
                            e.getClass().getSimpleName());
                    sleep();
                }
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(RETRY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        thread.interrupt();
    }
}
