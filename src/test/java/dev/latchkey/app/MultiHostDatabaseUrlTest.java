package dev.latchkey.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: {@code LATCHKEY_DATABASE_URL} may name several hosts with {@code targetServerType=primary} (a primary
 * and its standbys, e.g. under Patroni); the URL reaches the PostgreSQL driver untouched, which tries the hosts in
 * order and keeps the one that accepts writes.
 */
class MultiHostDatabaseUrlTest {

    @Test
    void jdbcUrlWhenItNamesSeveralHostsThenPassesThemAndTheirParametersUntouched() {
        assertThat(Config.jdbcUrl("postgresql://db-a:5432,db-b:5432/latchkey?targetServerType=primary"))
                .isEqualTo("jdbc:postgresql://db-a:5432,db-b:5432/latchkey?targetServerType=primary");
        assertThat(Config.jdbcUrl("postgres://db-a,db-b/latchkey?targetServerType=primary&connectTimeout=2"))
                .isEqualTo("jdbc:postgresql://db-a,db-b/latchkey?targetServerType=primary&connectTimeout=2");
        String jdbc = "jdbc:postgresql://db-a:5432,db-b:5433/latchkey?targetServerType=primary";
        assertThat(Config.jdbcUrl(jdbc)).isSameAs(jdbc);
    }

    @Test
    void startWhenTheFirstHostIsDownThenServesFromTheNextPrimary(@TempDir Path dataDir) {
        String single = TestDatabases.freshDatabaseUrl(); // jdbc:postgresql://localhost:<port>/<db>?user=postgres
        String multi = single.replace("jdbc:postgresql://", "postgresql://127.0.0.1:1,") + "&targetServerType=primary";
        Config config = Config.fromEnvironment(Map.of(
                "LATCHKEY_HOST", "127.0.0.1",
                "LATCHKEY_PORT", "0",
                "LATCHKEY_DATA_DIR", dataDir.toString(),
                "LATCHKEY_DATABASE_POOL_SIZE", "2",
                "LATCHKEY_DATABASE_URL", multi));
        assertThat(config.databaseUrl()).startsWith("jdbc:postgresql://127.0.0.1:1,localhost:");
        try (Application app = Application.start(config, Clock.systemUTC())) {
            assertThat(app.services().database().isReady()).isTrue();
            assertThat(app.services().projects().list()).hasSize(1);
        }
    }
}
