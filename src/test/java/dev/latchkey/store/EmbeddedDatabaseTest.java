package dev.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedDatabaseTest {

    @Test
    void embeddedPostgresIsDurable() throws Exception {
        Path dir = Files.createTempDirectory("latchkey-embedded");
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("postgres"));
                Database db = Database.open(pg.jdbcUrl("postgres"), "postgres", pg.password(), 2)) {
            assertThat(setting(db, "fsync")).isEqualTo("on");
            assertThat(setting(db, "synchronous_commit")).isEqualTo("on");
            assertThat(EmbeddedDatabase.runningPort(dir.resolve("postgres"))).hasValue(pg.port());
        }
        assertThat(EmbeddedDatabase.runningPort(dir.resolve("postgres"))).isEmpty();
    }

    private static String setting(Database db, String name) {
        return db.withHandle(
                h -> h.createQuery("SHOW " + name).mapTo(String.class).one());
    }
}
