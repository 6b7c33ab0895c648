package dev.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * PostgreSQL's binaries unpacked once per build (issue 12): found again without reading the archive, a new build in a
 * new directory, atomic and serialized between threads and between processes, leftovers of a crash replaced.
 */
class PostgresBinariesTest {

    /** A small .txz built here, with a counter of how often its bytes were read and an optional slow read. */
    static final class FakeArchive implements PostgresBinaries.Archive {
        final String version;
        final byte[] bytes;
        final AtomicInteger opened = new AtomicInteger();
        final long delayPerReadMillis;

        FakeArchive(String version, long delayPerReadMillis) throws IOException {
            this.version = version;
            this.bytes = txz(version);
            this.delayPerReadMillis = delayPerReadMillis;
        }

        @Override
        public String name() {
            return "postgres-test-x86_64.txz";
        }

        @Override
        public String identity() {
            return "size " + bytes.length + " version " + version;
        }

        @Override
        public InputStream open() {
            opened.incrementAndGet();
            return new FilterInputStream(new ByteArrayInputStream(bytes)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    pause();
                    return super.read(b, off, Math.min(len, 64));
                }

                @Override
                public int read() throws IOException {
                    pause();
                    return super.read();
                }

                private void pause() throws IOException {
                    if (delayPerReadMillis > 0) {
                        try {
                            Thread.sleep(delayPerReadMillis);
                        } catch (InterruptedException e) {
                            throw new IOException(e);
                        }
                    }
                }
            };
        }

        /**
         * Every entry's modification time: fixed, so that one version's archive has the same bytes (and so the same
         * size, part of its identity) in every process and at every second.
         */
        private static final java.util.Date MOD_TIME = new java.util.Date(1_700_000_000_000L);

        static byte[] txz(String version) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar =
                    new TarArchiveOutputStream(new XZOutputStream(out, new LZMA2Options(1)))) {
                dir(tar, "bin/");
                file(tar, "bin/postgres", 0755, "#!/bin/sh\necho " + version + "\n");
                dir(tar, "lib/");
                file(tar, "lib/libpq.so.5.17", 0644, "library " + version);
                TarArchiveEntry link = new TarArchiveEntry("lib/libpq.so.5", TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("libpq.so.5.17");
                link.setModTime(MOD_TIME);
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
                dir(tar, "share/");
                file(tar, "share/version", 0644, version);
            }
            return out.toByteArray();
        }

        private static void dir(TarArchiveOutputStream tar, String name) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setModTime(MOD_TIME);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        }

        private static void file(TarArchiveOutputStream tar, String name, int mode, String content) throws IOException {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setMode(mode);
            e.setModTime(MOD_TIME);
            e.setSize(data.length);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
    }

    @Test
    void unpacksOnceThenFindsTheBinariesWithoutReadingTheArchive() throws Exception {
        Path work = Files.createTempDirectory("latchkey-pg-binaries");
        PostgresBinaries binaries = new PostgresBinaries(work);
        FakeArchive archive = new FakeArchive("17.6", 0);

        String key = binaries.prepare(archive);
        Path dir = binaries.directory(key);
        assertThat(PostgresBinaries.ready(dir)).isTrue();
        assertThat(Files.readString(dir.resolve("share/version"))).isEqualTo("17.6");
        assertThat(Files.getPosixFilePermissions(dir.resolve("bin/postgres")))
                .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.getPosixFilePermissions(dir.resolve("lib/libpq.so.5.17")))
                .doesNotContain(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_WRITE);
        assertThat(Files.readString(dir.resolve("lib/libpq.so.5"))).isEqualTo("library 17.6");

        // A second start, and one from a fresh instance (another process), find it and read nothing.
        assertThat(binaries.prepare(archive)).isEqualTo(key);
        assertThat(new PostgresBinaries(work).prepare(archive)).isEqualTo(key);
        assertThat(archive.opened).hasValue(1);
        assertThat(names(work)).containsExactlyInAnyOrder(dir.getFileName().toString(), dir.getFileName() + ".lock");
    }

    @Test
    void anotherBuildOfPostgresGetsItsOwnDirectoryAndNeverTheOldBinaries() throws Exception {
        Path work = Files.createTempDirectory("latchkey-pg-binaries");
        PostgresBinaries binaries = new PostgresBinaries(work);
        Path old = binaries.directory(binaries.prepare(new FakeArchive("17.6", 0)));
        FakeArchive upgraded = new FakeArchive("17.7", 0);

        Path current = binaries.directory(binaries.prepare(upgraded));

        assertThat(current).isNotEqualTo(old);
        assertThat(upgraded.opened).hasValue(1);
        assertThat(Files.readString(current.resolve("share/version"))).isEqualTo("17.7");
        assertThat(Files.readString(old.resolve("share/version"))).isEqualTo("17.6");
    }

    @Test
    void anIncompleteDirectoryAndLeftoversOfACrashAreReplaced() throws Exception {
        Path work = Files.createTempDirectory("latchkey-pg-binaries");
        PostgresBinaries binaries = new PostgresBinaries(work);
        FakeArchive archive = new FakeArchive("17.6", 0);
        Path dir = binaries.directory(binaries.prepare(archive));
        // A crash while unpacking the old way: the directory without its marker, and a temporary one beside it.
        Files.delete(dir.resolve(PostgresBinaries.MARKER));
        Files.writeString(dir.resolve("share/version"), "half");
        Path leftover = Files.createDirectories(work.resolve(dir.getFileName() + ".unpacking-dead/bin"));

        binaries.prepare(archive);

        assertThat(archive.opened).hasValue(2);
        assertThat(PostgresBinaries.ready(dir)).isTrue();
        assertThat(Files.readString(dir.resolve("share/version"))).isEqualTo("17.6");
        assertThat(leftover.getParent()).doesNotExist();
        assertThat(names(work)).containsExactlyInAnyOrder(dir.getFileName().toString(), dir.getFileName() + ".lock");
    }

    @Test
    void aDirectoryOthersCouldWriteIsNotTrustedAndIsUnpackedAgain() throws Exception {
        Path work = Files.createTempDirectory("latchkey-pg-binaries");
        PostgresBinaries binaries = new PostgresBinaries(work);
        FakeArchive archive = new FakeArchive("17.6", 0);
        Path dir = binaries.directory(binaries.prepare(archive));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(PostgresBinaries.ready(dir)).isFalse();

        binaries.prepare(archive);

        assertThat(archive.opened).hasValue(2);
        assertThat(PostgresBinaries.ready(dir)).isTrue();
        assertThat(Files.getPosixFilePermissions(dir))
                .doesNotContain(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    }

    @Test
    void threadsStartingTogetherUnpackOnce() throws Exception {
        Path work = Files.createTempDirectory("latchkey-pg-binaries");
        FakeArchive archive = new FakeArchive("17.6", 2);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> keys = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                keys.add(pool.submit(() -> {
                    go.await();
                    return new PostgresBinaries(work).prepare(archive);
                }));
            }
            go.countDown();
            String key = keys.get(0).get(30, TimeUnit.SECONDS);
            for (Future<String> k : keys) {
                assertThat(k.get(30, TimeUnit.SECONDS)).isEqualTo(key);
            }
            assertThat(archive.opened).hasValue(1);
            assertThat(PostgresBinaries.ready(new PostgresBinaries(work).directory(key)))
                    .isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoProcessesStartingTogetherUnpackOnceAndBothUseTheResult() throws Exception {
        Path work = Files.createTempDirectory("latchkey-pg-binaries");
        List<String> outputs = SimultaneousJvms.run(Unpacker.class, 2, 60, "opened ", work.toString());
        // One process read the archive, the other waited on the lock and found the binaries ready.
        assertThat(outputs).containsExactlyInAnyOrder("opened 1", "opened 0");
        FakeArchive archive = new FakeArchive("17.6", 0);
        Path dir = new PostgresBinaries(work).directory(new PostgresBinaries(work).prepare(archive));
        assertThat(archive.opened).hasValue(0);
        assertThat(Files.readString(dir.resolve("share/version"))).isEqualTo("17.6");
    }

    /** The second process of the test above: prepares a slowly read archive and prints how often it read it. */
    public static final class Unpacker {
        public static void main(String[] args) throws Exception {
            Path work = Path.of(args[0]);
            SimultaneousJvms.awaitOthers(work, 2); // both begin together
            FakeArchive archive = new FakeArchive("17.6", 50); // slow: the other one arrives while it unpacks
            new PostgresBinaries(work).prepare(archive);
            System.out.println("opened " + archive.opened.get());
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
