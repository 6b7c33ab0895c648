package dev.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A new data directory gets its cluster by copying a template made once beside the binaries (issue 12), locked
 * exactly as one made by {@code initdb}: its own random password, no trust, mode 0700.
 */
class ClusterTemplateTest {

    @Test
    void freshDataDirectoryGetsAWorkingLockedClusterFromTheTemplate() throws Exception {
        Path home = Files.createTempDirectory("latchkey-template");
        Path cluster = home.resolve("postgres");
        ClusterTemplate template = ClusterTemplate.forThisBuild().orElseThrow();
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(cluster)) {
            assertThat(Files.exists(template.directory().resolve("postgresql.conf")))
                    .isTrue();
            assertThat(mode(cluster)).isEqualTo("rwx------");
            assertThat(activeLines(cluster.resolve("pg_hba.conf")))
                    .isNotEmpty()
                    .allSatisfy(l -> assertThat(l).doesNotContain("trust").endsWith("scram-sha-256"));
            assertThat(pg.password()).hasSize(64).isEqualTo(EmbeddedDatabase.password(cluster));
            assertThatThrownBy(() -> connect(pg, "")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect(pg, "postgres")).isInstanceOf(SQLException.class);
            try (Connection c = connect(pg, pg.password())) {
                assertThat(c.isValid(2)).isTrue();
            }
            assertThat(systemIdentifier(pg))
                    .as("a copy keeps the template's system identifier; initdb would have made a new one")
                    .isEqualTo(systemIdentifierOfTemplate(pg));
        }
        try (Stream<Path> left = Files.list(home)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".copying-"));
        }
    }

    @Test
    void templateHasNoTrustLine() throws Exception {
        ClusterTemplate template = ClusterTemplate.forThisBuild().orElseThrow();
        template.make();
        assertThat(mode(template.directory())).isEqualTo("rwx------");
        assertThat(activeLines(template.directory().resolve("pg_hba.conf"))).noneMatch(l -> l.contains("trust"));
    }

    @Test
    void twoFreshDataDirectoriesGetDifferentPasswordsAndTheTemplateIsMadeOnce() throws Exception {
        ClusterTemplate template = ClusterTemplate.forThisBuild().orElseThrow();
        template.make();
        Object before = key(template.directory());
        try (EmbeddedDatabase first = EmbeddedDatabase.start(
                        Files.createTempDirectory("latchkey-template").resolve("postgres"));
                EmbeddedDatabase second = EmbeddedDatabase.start(
                        Files.createTempDirectory("latchkey-template").resolve("postgres"))) {
            assertThat(first.password()).isNotEqualTo(second.password());
            assertThatThrownBy(() -> connect(first, second.password())).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect(second, first.password())).isInstanceOf(SQLException.class);
            assertThat(systemIdentifier(first)).isEqualTo(systemIdentifier(second));
        }
        assertThat(key(template.directory())).as("the same template directory").isEqualTo(before);
        assertThat(template.make()).as("found made, initdb not run").isFalse();
    }

    @Test
    void threadsMakingTheTemplateTogetherMakeItOnceAndBothSucceed() throws Exception {
        ClusterTemplate template = privateTemplate();
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> made = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                made.add(pool.submit(() -> {
                    together.await();
                    return template.make();
                }));
            }
            List<Boolean> results = new ArrayList<>();
            for (Future<Boolean> f : made) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(results).containsExactlyInAnyOrder(true, false);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.exists(template.directory().resolve("postgresql.conf")))
                .isTrue();
        assertThat(names(template.directory().getParent())).noneMatch(n -> n.contains(".making-"));
    }

    @Test
    void twoProcessesMakingTheTemplateTogetherMakeItOnceAndBothSucceed() throws Exception {
        Path work = Files.createTempDirectory("latchkey-template-work");
        Path binaries = PostgresBinaries.instance().unpacked().orElseThrow();
        List<String> outputs = SimultaneousJvms.run(Maker.class, 2, 120, "made ", binaries.toString(), work.toString());
        assertThat(outputs).containsExactlyInAnyOrder("made true", "made false");
        assertThat(Files.exists(work.resolve("template/postgresql.conf"))).isTrue();
    }

    /** The second process of the test above: waits for the other, then makes the template. */
    public static final class Maker {
        public static void main(String[] args) throws Exception {
            Path work = Path.of(args[1]);
            SimultaneousJvms.awaitOthers(work, 2);
            System.out.println("made " + new ClusterTemplate(Path.of(args[0]), work.resolve("template")).make());
        }
    }

    @Test
    void whenTheTemplateCannotBeMadeThenInitdbMakesTheClusterAsBefore() throws Exception {
        Path work = Files.createTempDirectory("latchkey-template-work");
        ClusterTemplate broken = new ClusterTemplate(work.resolve("no-binaries-here"), work.resolve("template"));
        Path cluster = Files.createTempDirectory("latchkey-template").resolve("postgres");
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(cluster, () -> Optional.of(broken))) {
            assertThat(Files.exists(broken.directory())).isFalse();
            assertThat(mode(cluster)).isEqualTo("rwx------");
            assertThat(activeLines(cluster.resolve("pg_hba.conf"))).noneMatch(l -> l.contains("trust"));
            assertThatThrownBy(() -> connect(pg, "")).isInstanceOf(SQLException.class);
            try (Connection c = connect(pg, pg.password())) {
                assertThat(c.isValid(2)).isTrue();
            }
        }
        assertThat(names(cluster.getParent())).noneMatch(n -> n.contains(".copying-"));
    }

    @Test
    void withoutATemplateThenInitdbMakesTheCluster() throws Exception {
        Path cluster = Files.createTempDirectory("latchkey-template").resolve("postgres");
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(cluster, Optional::empty);
                Connection c = connect(pg, pg.password())) {
            assertThat(c.isValid(2)).isTrue();
        }
    }

    private static ClusterTemplate privateTemplate() throws IOException {
        Path work = Files.createTempDirectory("latchkey-template-work");
        return new ClusterTemplate(PostgresBinaries.instance().unpacked().orElseThrow(), work.resolve("template"));
    }

    private static Connection connect(EmbeddedDatabase pg, String password) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl("postgres"), "postgres", password);
    }

    private static long systemIdentifier(EmbeddedDatabase pg) throws SQLException {
        try (Connection c = connect(pg, pg.password());
                Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT system_identifier FROM pg_control_system()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The template's identifier: the first field of its control file, a little-endian uint64. */
    private static long systemIdentifierOfTemplate(EmbeddedDatabase pg) throws Exception {
        Path template = ClusterTemplate.forThisBuild().orElseThrow().directory();
        byte[] control = Files.readAllBytes(template.resolve("global/pg_control"));
        return ByteBuffer.wrap(control, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static Object key(Path dir) throws IOException {
        return Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
    }

    private static String mode(Path dir) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static List<String> activeLines(Path hba) throws IOException {
        return Files.readAllLines(hba).stream()
                .map(l -> l.strip().toLowerCase(Locale.ROOT))
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
    }
}
