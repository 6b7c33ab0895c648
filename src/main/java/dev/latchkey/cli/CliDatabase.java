package dev.latchkey.cli;

import dev.latchkey.app.Config;
import dev.latchkey.store.Database;
import dev.latchkey.store.EmbeddedDatabase;

/**
 * The database a CLI command works on: the external one if configured; else the embedded one, reached
 * through the running server's PostgreSQL when it is up, or started for the command when it is not.
 */
record CliDatabase(Database database, EmbeddedDatabase startedHere) implements AutoCloseable {

    static CliDatabase open(Config config) {
        if (config.databaseUrl() != null) {
            return new CliDatabase(
                    Database.open(config.databaseUrl(), config.databaseUser(), config.databasePassword(), 2), null);
        }
        var dataDir = config.dataDir().resolve("postgres");
        var running = EmbeddedDatabase.runningPort(dataDir);
        if (running.isPresent()) {
            // The server's PostgreSQL takes only its password, kept owner-only beside the cluster.
            return new CliDatabase(
                    Database.open(
                            EmbeddedDatabase.url(running.getAsInt(), "postgres"),
                            EmbeddedDatabase.USER,
                            EmbeddedDatabase.password(dataDir),
                            2),
                    null);
        }
        EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDir);
        return new CliDatabase(
                Database.open(embedded.jdbcUrl("postgres"), EmbeddedDatabase.USER, embedded.password(), 2), embedded);
    }

    @Override
    public void close() {
        database.close();
        if (startedHere != null) {
            startedHere.close();
        }
    }
}
