package dev.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void startWhenAnotherProcessHoldsTheDataDirectoryThenRefusesAndLeavesItsPostgresRunning() throws Exception {
        Path dir = Files.createTempDirectory("latchkey-embedded");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(dir.resolve("postgres"))) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(dir.resolve("postgres")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another Latchkey process (pid "
                            + ProcessHandle.current().pid());
            assertThat(EmbeddedDatabase.runningPort(dir.resolve("postgres"))).hasValue(first.port());
            try (Database db = Database.open(first.jdbcUrl("postgres"), "postgres", first.password(), 2)) {
                assertThat(db.isReady()).isTrue();
            }
        }
        try (EmbeddedDatabase again = EmbeddedDatabase.start(dir.resolve("postgres"))) {
            assertThat(EmbeddedDatabase.runningPort(dir.resolve("postgres"))).hasValue(again.port());
        }
    }

    private static String setting(Database db, String name) {
        return db.withHandle(
                h -> h.createQuery("SHOW " + name).mapTo(String.class).one());
    }
}
