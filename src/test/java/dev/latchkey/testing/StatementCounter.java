package dev.latchkey.testing;

import dev.latchkey.store.Database;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Counts the SQL statements a server runs, through a Jdbi {@link SqlLogger} on its pool: a measure of the
 * database work of one request that does not depend on timing. The server must be used by one test at a time
 * while counting (every statement of every request is counted, but its project's lookup). The Jdbi of {@link Database} is private (the
 * application has no use for it), so the test reaches it by reflection.
 */
public final class StatementCounter {
    private final AtomicInteger statements = new AtomicInteger();

    public StatementCounter(TestServer server) {
        Jdbi jdbi = jdbiOf(server.app.services().database());
        jdbi.getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                if (!isProjectLookup(context.getRawSql())) {
                    statements.incrementAndGet();
                }
            }

            @Override
            public void logException(StatementContext context, SQLException ex) {}
        });
    }

    /** How many statements {@code work} ran. */
    public <T> int count(Supplier<T> work) {
        int before = statements.get();
        work.get();
        return statements.get() - before;
    }

    /**
     * Project authentication is cached for a second ({@code ProjectService.CACHE_TTL}), so whether a request reads
     * its project depends on timing, not on the request: those reads are not counted.
     */
    private static boolean isProjectLookup(String sql) {
        return sql != null && sql.contains("FROM projects");
    }

    private static Jdbi jdbiOf(Database db) {
        try {
            var field = Database.class.getDeclaredField("jdbi");
            field.setAccessible(true);
            return (Jdbi) field.get(db);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Database no longer holds its Jdbi in a field named jdbi", e);
        }
    }
}
