package dev.latchkey.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server of its own, run from the machine's PostgreSQL binaries (Debian's {@code postgresql}
 * package, which {@code .ci/run} installs; or the {@code bin} directory named by {@code LATCHKEY_TEST_PG_BIN}), for
 * the tests that need what the in-process embedded database cannot give: several Latchkey processes on one server,
 * a streaming standby ({@code pg_basebackup}, which the embedded library does not ship), stop and promote.
 *
 * <p>PostgreSQL refuses to run as root, and CI runs as root: there every command runs as the {@code postgres} user
 * ({@code runuser}), which owns the server's directory. {@code fsync} is off: these tests never crash the machine,
 * only processes, and a committed transaction is what they check, not the disk.
 */
final class PostgresServer implements AutoCloseable {
    static final String DATABASE = "latchkey";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Path home;
    private final Path dataDir;
    private final int port;

    private PostgresServer(Path home, int port) {
        this.home = home;
        this.dataDir = home.resolve("data");
        this.port = port;
    }

    /** Initializes a new cluster (trust for loopback and replication), starts it and creates {@link #DATABASE}. */
    static PostgresServer startPrimary() {
        PostgresServer pg = new PostgresServer(newHome("pg-primary"), freePort());
        pg.run(tool("initdb"), "-D", pg.dataDir.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
        pg.configure(
                """
                listen_addresses = '127.0.0.1'
                max_connections = 100
                fsync = off
                wal_level = replica
                max_wal_senders = 4
                hot_standby = on
                synchronous_commit = on
                """);
        pg.start();
        pg.execute("CREATE DATABASE " + DATABASE);
        return pg;
    }

    /**
     * A streaming standby of {@code primary}, copied by {@code pg_basebackup -R}, started, and made the primary's
     * synchronous standby: from here on a commit on the primary returns only once the standby has it.
     */
    static PostgresServer startSynchronousStandbyOf(PostgresServer primary) {
        PostgresServer standby = new PostgresServer(newHome("pg-standby"), freePort());
        standby.run(
                tool("pg_basebackup"),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(primary.port),
                "-U",
                "postgres",
                "-D",
                standby.dataDir.toString(),
                "-R",
                "-X",
                "stream",
                "--checkpoint=fast", // the default spread checkpoint takes minutes
                "--no-sync");
        standby.start();
        primary.execute("ALTER SYSTEM SET synchronous_standby_names = '*'");
        primary.execute("SELECT pg_reload_conf()");
        primary.awaitSynchronousStandby();
        return standby;
    }

    int port() {
        return port;
    }

    /** The JDBC URL of {@link #DATABASE} on this server. */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** A multi-host URL that connects to whichever of {@code servers} is the primary now. */
    static String primaryUrl(PostgresServer... servers) {
        List<String> hosts = new ArrayList<>();
        for (PostgresServer s : servers) {
            hosts.add("127.0.0.1:" + s.port);
        }
        return "jdbc:postgresql://" + String.join(",", hosts) + "/" + DATABASE + "?targetServerType=primary";
    }

    void start() {
        run(
                tool("pg_ctl"),
                "start",
                "-w",
                "-D",
                dataDir.toString(),
                "-l",
                home.resolve("server.log").toString(),
                "-o",
                "-p " + port + " -k " + home);
    }

    /** A fast shutdown: open connections are cut, as when an operator or Patroni stops a primary. */
    void stop() {
        run(tool("pg_ctl"), "stop", "-w", "-m", "fast", "-D", dataDir.toString());
    }

    /** Ends standby mode: the server takes writes from now on. */
    void promote() {
        run(tool("pg_ctl"), "promote", "-w", "-D", dataDir.toString());
    }

    /** Runs one statement as the superuser and returns the first column of the first row, or null. */
    String execute(String sql) {
        try (Connection c =
                        DriverManager.getConnection(jdbcUrl().replace("/" + DATABASE, "/postgres"), "postgres", "");
                Statement s = c.createStatement()) {
            if (!s.execute(sql)) {
                return null;
            }
            try (ResultSet rs = s.getResultSet()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** A connection to {@link #DATABASE}, for a test's own checks. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "");
    }

    private void awaitSynchronousStandby() {
        long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if ("sync".equals(execute("SELECT sync_state FROM pg_stat_replication LIMIT 1"))) {
                return;
            }
            pause(100);
        }
        throw new IllegalStateException("the standby did not become synchronous within " + COMMAND_TIMEOUT);
    }

    private void configure(String settings) {
        try {
            Files.writeString(
                    dataDir.resolve("postgresql.conf"),
                    Files.readString(dataDir.resolve("postgresql.conf")) + "\n" + settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            run(tool("pg_ctl"), "stop", "-w", "-m", "immediate", "-D", dataDir.toString());
        }
        deleteTree(home);
    }

    /** Deletes a directory this test made, with everything in it. */
    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a PostgreSQL tool (as {@code postgres} when this JVM is root) and fails with its output if it fails. */
    private void run(String... command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        Path output = home.resolve("command.log");
        try {
            Process p = new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish in " + COMMAND_TIMEOUT);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", full) + " failed (" + p.exitValue() + "):\n" + Files.readString(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The directory of the PostgreSQL binaries: {@code LATCHKEY_TEST_PG_BIN}, or the newest Debian
     * {@code /usr/lib/postgresql/N/bin} that has {@code pg_basebackup}.
     */
    static Path binaries() {
        String configured = System.getenv("LATCHKEY_TEST_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("pg_basebackup")))
                    .max(Comparator.comparingInt(bin -> Integer.parseInt(
                            bin.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "no PostgreSQL server binaries: install Debian's postgresql package (.ci/run does) or set"
                            + " LATCHKEY_TEST_PG_BIN to a bin directory with initdb, pg_ctl and pg_basebackup",
                    e);
        }
    }

    private static String tool(String name) {
        return binaries().resolve(name).toString();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name").toLowerCase(Locale.ROOT));
    }

    /** A fresh directory for one server; owned by {@code postgres} when this JVM is root. */
    private static Path newHome(String prefix) {
        try {
            Path home = Files.createTempDirectory(prefix);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            if (isRoot()) {
                UserPrincipal postgres =
                        home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(home, postgres);
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port nobody listens on now (there is a small window before the server binds it). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
