package dev.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL is not reachable by other local users (issue 8): loopback only, a password on every
 * connection, no {@code trust} in pg_hba.conf, its socket in a private directory inside the data directory, the
 * password owner-only; and a cluster made by an older version (trust, no password) is locked on its next start.
 */
class EmbeddedDatabaseLockdownTest {
    static Path home;
    static Path cluster;
    static EmbeddedDatabase pg;

    @BeforeAll
    static void start() throws Exception {
        home = Files.createTempDirectory("latchkey-lockdown");
        cluster = home.resolve("postgres");
        pg = EmbeddedDatabase.start(cluster);
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    @Test
    void pgHbaHasNoTrustLine() throws Exception {
        assertThat(activeLines(cluster.resolve("pg_hba.conf")))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).doesNotContain("trust").endsWith("scram-sha-256"));
        try (Connection c = connect(pg.password());
                Statement s = c.createStatement();
                var rs =
                        s.executeQuery("SELECT count(*) FROM pg_hba_file_rules WHERE auth_method <> 'scram-sha-256'")) {
            rs.next();
            assertThat(rs.getInt(1))
                    .as("rules in force other than scram-sha-256")
                    .isZero();
        }
    }

    @Test
    void connectionWithoutOrWithAWrongPasswordIsRefused() throws Exception {
        assertThatThrownBy(() -> connect("")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> connect("postgres")).isInstanceOf(SQLException.class);
        try (Connection c = connect(pg.password())) {
            assertThat(c.isValid(2)).isTrue();
        }
    }

    @Test
    void itListensOnLoopbackOnlyAndItsSocketDirectoryIsPrivateInsideTheDataDirectory() throws Exception {
        assertThat(setting("listen_addresses")).isEqualTo("localhost");
        Path socketDir = Path.of(setting("unix_socket_directories").replace("'", ""));
        assertThat(socketDir).isEqualTo(home.resolve("postgres-socket"));
        assertThat(socketDir.startsWith(home)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socketDir)))
                .isEqualTo("rwx------");
        assertThat(Files.exists(socketDir.resolve(".s.PGSQL." + pg.port()))).isTrue();
    }

    @Test
    void passwordIsRandomAndKeptOwnerOnlyInTheDataDirectory() throws Exception {
        Path file = home.resolve("postgres.password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(pg.password()).hasSize(64).isEqualTo(EmbeddedDatabase.password(cluster));
        assertThat(pg.jdbcUrl("postgres")).doesNotContain(pg.password());
    }

    @Test
    void clusterOfAnOlderVersionWithTrustIsLockedOnStartAndKeepsItsData() throws Exception {
        Path oldHome = Files.createTempDirectory("latchkey-legacy");
        Path oldCluster = oldHome.resolve("postgres");
        // What earlier versions made: the library's defaults, trust for everyone, no password.
        try (EmbeddedPostgres legacy = EmbeddedPostgres.builder()
                        .setDataDirectory(oldCluster)
                        .setCleanDataDirectory(false)
                        .start();
                Connection c = legacy.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v text)");
            s.execute("INSERT INTO kept VALUES ('still here')");
        }
        assertThat(String.join("\n", activeLines(oldCluster.resolve("pg_hba.conf"))))
                .contains("trust");

        try (EmbeddedDatabase upgraded = EmbeddedDatabase.start(oldCluster)) {
            assertThat(activeLines(oldCluster.resolve("pg_hba.conf"))).noneMatch(l -> l.contains("trust"));
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(oldHome.resolve("postgres.password"))))
                    .isEqualTo("rw-------");
            assertThatThrownBy(() -> DriverManager.getConnection(upgraded.jdbcUrl("postgres"), "postgres", ""))
                    .isInstanceOf(SQLException.class);
            try (Connection c =
                            DriverManager.getConnection(upgraded.jdbcUrl("postgres"), "postgres", upgraded.password());
                    Statement s = c.createStatement();
                    var rs = s.executeQuery("SELECT v FROM kept")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("still here");
            }
        }
        // And it starts again, locked, with the same password.
        String password = EmbeddedDatabase.password(oldCluster);
        try (EmbeddedDatabase again = EmbeddedDatabase.start(oldCluster)) {
            assertThat(again.password()).isEqualTo(password);
            assertThat(activeLines(oldCluster.resolve("pg_hba.conf"))).noneMatch(l -> l.contains("trust"));
        }
    }

    private static Connection connect(String password) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl("postgres"), "postgres", password);
    }

    private static String setting(String name) throws SQLException {
        try (Connection c = connect(pg.password());
                Statement s = c.createStatement();
                var rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> activeLines(Path hba) throws Exception {
        return Files.readAllLines(hba).stream()
                .map(l -> l.strip().toLowerCase(Locale.ROOT))
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
    }
}
