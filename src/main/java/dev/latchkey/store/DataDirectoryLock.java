package dev.latchkey.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS file lock that says "a live Latchkey process owns this data directory". The kernel drops it when
 * its process dies, even by SIGKILL, so whoever holds it knows that any PostgreSQL still running on the directory
 * has no live owner (see {@link OrphanedPostgres}). The file names the holder's pid for the error a second
 * process gets.
 */
final class DataDirectoryLock implements AutoCloseable {
    static final String FILE = "postgres.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of the data directory {@code home} at once, or raises {@link IllegalStateException} naming the
     * process that holds it.
     */
    static DataDirectoryLock acquire(Path home) {
        Path file = home.resolve(FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder =
                        Files.readString(file, StandardCharsets.US_ASCII).strip();
                channel.close();
                throw new IllegalStateException("the data directory " + home.toAbsolutePath()
                        + " is in use by another Latchkey process (pid " + holder + "); stop it first");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            return new DataDirectoryLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    /** Null when another process, or another start in this JVM, holds the lock. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing; the first error is the one to report
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
