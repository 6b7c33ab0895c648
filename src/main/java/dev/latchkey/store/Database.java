package dev.latchkey.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.error.ApiException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * The connection pool, migrations and transactions. Every service call runs its statements through
 * {@link #inTransaction} (writes) or {@link #withHandle} (reads).
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Changes changes;
    private final ChangeFeed feed;
    private final Outage outage = new Outage();

    private Database(HikariDataSource dataSource, String jdbcUrl, String user, String password) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
        this.changes = jdbi.getConfig(Changes.class);
        this.feed = new ChangeFeed(jdbcUrl, user, password, changes);
        feed.start();
        // JDBI appends the statement and its bound arguments (tokens' digests, addresses, secrets sealed or not) to
        // every exception message by default; a 500 logs that message, so it carries neither.
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
    }

    /** Opens a pool on the given JDBC URL with the default timeouts and brings the schema up to date with Flyway. */
    public static Database open(String jdbcUrl, String user, String password, int poolSize) {
        return open(jdbcUrl, user, password, poolSize, DatabaseTimeouts.DEFAULTS);
    }

    /**
     * Opens a pool on the given JDBC URL and brings the schema up to date with Flyway. While the database cannot be
     * reached, every call raises {@code server_unavailable} within {@code timeouts.connection()} (plus the socket
     * timeout for a connection that hangs mid-statement), and the pool reconnects by itself when it is back.
     */
    public static Database open(String jdbcUrl, String user, String password, int poolSize, DatabaseTimeouts timeouts) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("latchkey");
        // HikariCP waits 30 s for a connection by default, so with PostgreSQL down every request hung that long and
        // then failed 500 (issue 11). A pooled connection is checked (isValid) before it is lent; that check must
        // fit inside the wait.
        long waitMillis = timeouts.connection().toMillis();
        config.setConnectionTimeout(waitMillis);
        config.setValidationTimeout(Math.max(250, waitMillis / 2));
        config.addDataSourceProperty("connectTimeout", Integer.toString(timeouts.connectSeconds()));
        config.addDataSourceProperty(
                "socketTimeout", Long.toString(timeouts.socket().toSeconds()));
        // PostgreSQL's error "Detail" quotes row values (Key (email)=(…), Failing row contains (…)); without it
        // an exception message, which a 500 logs, carries no stored value.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        HikariDataSource ds = new HikariDataSource(config);
        try {
            migrate(ds);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, jdbcUrl, user, password);
    }

    private static void migrate(DataSource ds) {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /**
     * Runs {@code callback} in a READ COMMITTED transaction; raises {@code server_unavailable} when the database
     * cannot be reached.
     */
    public <T, X extends Exception> T inTransaction(HandleCallback<T, X> callback) throws X {
        try {
            T result = jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, callback);
            outage.reached();
            return result;
        } catch (RuntimeException e) {
            throw outage.translate(e);
        }
    }

    /**
     * A transaction that also commits when the callback raises an {@link ApiException} that {@code keep} accepts,
     * and then raises it: for a wrong guess, whose spent try must outlive the failed request, so that it is counted
     * in the same transaction (and under the same row locks) as the comparison, never after a rollback where a
     * concurrent guess could slip in between. Such a callback must have written nothing but that count when it
     * raises a kept error.
     */
    public <T> T inTransactionKeeping(Predicate<ApiException> keep, HandleCallback<T, RuntimeException> callback) {
        ApiException[] kept = new ApiException[1];
        T result = inTransaction(h -> {
            try {
                return callback.withHandle(h);
            } catch (ApiException e) {
                if (!keep.test(e)) {
                    throw e;
                }
                kept[0] = e;
                return null;
            }
        });
        if (kept[0] != null) {
            throw kept[0];
        }
        return result;
    }

    /**
     * Runs {@code work} while this process holds the PostgreSQL session advisory lock {@code key}, so that on one
     * database it runs on one node at a time however many start together. The lock lives on a connection of its own
     * (work runs on others from the pool, so the pool needs two) and goes with it if the node dies.
     */
    public <T> T underAdvisoryLock(long key, Supplier<T> work) {
        return jdbi.withHandle(h -> {
            h.createQuery("SELECT 1 FROM pg_advisory_lock(:key)")
                    .bind("key", key)
                    .mapTo(Integer.class)
                    .one();
            try {
                return work.get();
            } finally {
                h.createQuery("SELECT pg_advisory_unlock(:key)")
                        .bind("key", key)
                        .mapTo(Boolean.class)
                        .one();
            }
        });
    }

    /** Runs {@code callback} on a pooled handle; raises {@code server_unavailable} when the database cannot be reached. */
    public <T, X extends Exception> T withHandle(HandleCallback<T, X> callback) throws X {
        try {
            T result = jdbi.withHandle(callback);
            outage.reached();
            return result;
        } catch (RuntimeException e) {
            throw outage.translate(e);
        }
    }

    /**
     * True when a trivial query answers; backs {@code /readyz}, so it answers false within the connection timeout
     * while the database is unreachable.
     */
    public boolean isReady() {
        try {
            return withHandle(
                            h -> h.createQuery("SELECT 1").mapTo(Integer.class).one())
                    == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Announcements of changed rows, this node's and (by {@code NOTIFY}) the other nodes'. */
    public Changes changes() {
        return changes;
    }

    @Override
    public void close() {
        feed.close();
        dataSource.close();
    }
}
