package dev.latchkey.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL that serves when no external database is configured, locked to its owner: it listens
 * on loopback only, every connection (TCP or socket) must give the password ({@code scram-sha-256}; pg_hba.conf has
 * no {@code trust} line), the password is random and kept in {@code postgres.password} (mode 0600) beside the
 * cluster, and its unix socket lives in {@code postgres-socket} (mode 0700) beside it, both in Latchkey's data
 * directory, so no other local user can reach the database. A cluster made by an older version (trust in
 * pg_hba.conf, no password) is given a password and the locked pg_hba.conf on its first start.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    public static final String USER = "postgres";
    static final String PASSWORD_FILE = "postgres.password";
    static final String SOCKET_DIRECTORY = "postgres-socket";
    static final String LOCKED_HBA =
            """
            # Written by Latchkey on every start: a password (SCRAM) on every connection, no trust.
            # TYPE  DATABASE  USER  ADDRESS       METHOD
            local   all       all                 scram-sha-256
            host    all       all   127.0.0.1/32  scram-sha-256
            host    all       all   ::1/128       scram-sha-256
            """;
    /**
     * Only while a cluster of an older version is upgraded: it has no password yet, so one loopback connection of
     * the superuser sets it; the locked file replaces this one before any other connection is made.
     */
    private static final String UPGRADE_HBA =
            """
            host    all       postgres   127.0.0.1/32  trust
            host    all       postgres   ::1/128       trust
            """;

    private final EmbeddedPostgres postgres;
    private final String password;
    private final DataDirectoryLock lock;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String password, DataDirectoryLock lock) {
        this.postgres = postgres;
        this.password = password;
        this.lock = lock;
    }

    /**
     * Starts PostgreSQL with its data in {@code dataDirectory}, kept across restarts, locked to its owner. The data
     * directory is this process's alone until {@link #close}: a second process is refused with
     * {@link IllegalStateException}, and a PostgreSQL left running by a process that died (SIGKILL) is stopped
     * first, so a start after a crash succeeds at once.
     */
    public static EmbeddedDatabase start(Path dataDirectory) {
        return start(dataDirectory, ClusterTemplate::forThisBuild);
    }

    /** As {@link #start(Path)}, a new cluster copied from the template {@code templates} finds, if it can be. */
    static EmbeddedDatabase start(Path dataDirectory, ClusterTemplate.Finder templates) {
        Path home = dataDirectory.toAbsolutePath().getParent();
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + home, e);
        }
        DataDirectoryLock lock = DataDirectoryLock.acquire(home);
        try {
            OrphanedPostgres.stopIfAny(dataDirectory);
            return start(dataDirectory, home, lock, templates);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static EmbeddedDatabase start(
            Path dataDirectory, Path home, DataDirectoryLock lock, ClusterTemplate.Finder templates) {
        try {
            Path socketDir = privateDirectory(home.resolve(SOCKET_DIRECTORY));
            Path passwordFile = home.resolve(PASSWORD_FILE);
            boolean existing = Files.exists(dataDirectory.resolve("postgresql.conf"));
            boolean legacy = existing && (!Files.exists(passwordFile) || hasTrust(dataDirectory));
            String password = Files.exists(passwordFile) ? readPassword(passwordFile) : newPassword(passwordFile);
            if (legacy) {
                upgrade(dataDirectory, socketDir, password);
            }
            if (existing) {
                Files.writeString(dataDirectory.resolve("pg_hba.conf"), LOCKED_HBA);
            }
            // A copied cluster is made, locked and has its password: the library skips initdb as for an old one.
            boolean copied = !existing && copiedFromTemplate(templates, dataDirectory, password);
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres pg = builder(dataDirectory, socketDir)
                    // A new cluster gets its password and SCRAM for every connection from initdb itself (these come
                    // after the library's own "-A trust" and override it).
                    .setLocaleConfig("auth", "scram-sha-256")
                    .setLocaleConfig("pwfile", passwordFile.toString())
                    .setConnectConfig("password", password)
                    .start();
            if (!existing && !copied) {
                Files.writeString(dataDirectory.resolve("pg_hba.conf"), LOCKED_HBA);
                reload(pg.getPort(), password);
            }
            return new EmbeddedDatabase(pg, password, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL failed to start in " + dataDirectory, e);
        }
    }

    /**
     * Copies the template into a missing or empty {@code dataDirectory}; false (and {@code initdb} runs as before)
     * when there is no template or it can be neither made nor copied.
     */
    private static boolean copiedFromTemplate(ClusterTemplate.Finder templates, Path dataDirectory, String password) {
        try {
            if (Files.exists(dataDirectory) && !isEmptyDirectory(dataDirectory)) {
                return false;
            }
            Optional<ClusterTemplate> template = templates.find();
            if (template.isEmpty()) {
                LOG.info("no PostgreSQL cluster template (binaries not in a jar): running initdb");
                return false;
            }
            template.get().make();
            template.get().copyInto(dataDirectory, password);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "could not make the new PostgreSQL cluster from the template, running initdb instead: {}",
                    e.toString());
            return false;
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static EmbeddedPostgres.Builder builder(Path dataDirectory, Path socketDir) {
        PostgresBinaries binaries = PostgresBinaries.instance();
        return EmbeddedPostgres.builder()
                // Unpacked once per PostgreSQL build; the library's own resolver hashed the archive on every start.
                .setPgBinaryResolver(binaries)
                .setOverrideWorkingDirectory(binaries.workingDirectory().toFile())
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "100")
                // The library starts PostgreSQL as for throwaway test databases (-F: no fsync, and
                // synchronous_commit off); a server's data must survive a crash, so both are turned back on.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("unix_socket_directories", "'" + socketDir + "'")
                .setServerConfig("unix_socket_permissions", "0700")
                .setServerConfig("password_encryption", "scram-sha-256");
    }

    /**
     * Gives a cluster of an older version (trust, no password) the password: started with an upgrade pg_hba.conf
     * that lets only the superuser in over loopback, it sets the password and stops; the caller then writes the
     * locked file.
     */
    private static void upgrade(Path dataDirectory, Path socketDir, String password) throws IOException {
        LOG.info("securing the embedded PostgreSQL of an older version: setting its password, removing trust");
        Files.writeString(dataDirectory.resolve("pg_hba.conf"), UPGRADE_HBA);
        try (EmbeddedPostgres pg = builder(dataDirectory, socketDir).start();
                Connection c = DriverManager.getConnection(url(pg.getPort(), "postgres"), USER, "");
                Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("ALTER ROLE " + USER + " PASSWORD '" + password + "'"); // hex only: nothing to escape
        } catch (SQLException e) {
            throw new IOException("could not set the embedded PostgreSQL password", e);
        } finally {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), LOCKED_HBA);
        }
    }

    private static void reload(int port, String password) throws IOException {
        try (Connection c = DriverManager.getConnection(url(port, "postgres"), USER, password);
                Statement s = c.createStatement()) {
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("could not reload pg_hba.conf", e);
        }
    }

    private static boolean hasTrust(Path dataDirectory) throws IOException {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        return Files.exists(hba)
                && Files.readAllLines(hba).stream()
                        .map(l -> l.strip().toLowerCase(Locale.ROOT))
                        .filter(l -> !l.startsWith("#"))
                        .anyMatch(l -> l.matches(".*\\btrust\\b.*"));
    }

    private static Path privateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    private static String newPassword(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        return password;
    }

    private static String readPassword(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    /**
     * The password of the embedded PostgreSQL whose cluster is {@code dataDirectory} (for the CLI, which connects
     * to the server's running one); raises {@link UncheckedIOException} when there is none.
     */
    public static String password(Path dataDirectory) {
        try {
            return readPassword(dataDirectory.toAbsolutePath().getParent().resolve(PASSWORD_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("no embedded PostgreSQL password beside " + dataDirectory, e);
        }
    }

    /**
     * The port of a PostgreSQL already running on {@code dataDirectory} (a server started earlier), read from
     * its {@code postmaster.pid}; empty when none runs.
     */
    public static OptionalInt runningPort(Path dataDirectory) {
        return Postmaster.running(dataDirectory)
                .map(p -> OptionalInt.of(p.port()))
                .orElse(OptionalInt.empty());
    }

    /** The JDBC URL of a database over loopback; it carries no credentials (see {@link #password()}). */
    public static String url(int port, String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    public String jdbcUrl(String database) {
        return url(postgres.getPort(), database);
    }

    /** The superuser's password; every connection needs it. */
    public String password() {
        return password;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.close();
        }
    }
}
