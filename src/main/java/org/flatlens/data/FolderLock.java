package org.flatlens.data;

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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.flatlens.tensor.UserInputException;

/**
 * An exclusive lock on a folder that one process writes (a run folder, a sweep folder): an operating-system lock on
 * the file {@value #FILE_NAME} in it, held until {@link #close()}. The operating system releases it when the process
 * ends in any way, kill -9 included, so a crash never leaves a stale lock. The file holds a description of the holder
 * ("process 1234 (started ...)") for the error a second writer gets.
 *
 * <p>The file is left in place on release: deleting it would let a third process lock a fresh file while a second
 * still holds the old one. Locks on network file systems are as reliable as the file system makes them.
 */
public final class FolderLock implements AutoCloseable {
    /** The lock file's name inside the folder. */
    public static final String FILE_NAME = ".flatlens.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir}, creating it if needed.
     *
     * @throws UserInputException if another process (or another writer in this one) holds the lock; the message
     *                            names the holder
     */
    public static FolderLock acquire(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        FileChannel ch = null;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // held by this very process (another writer in the same JVM)
            }
            if (l == null) {
                String holder = holder(ch);
                ch.close();
                throw new UserInputException(dir + " is in use by " + holder + "; wait for it to end, or use "
                        + "another folder");
            }
            byte[] me = describeThisProcess().getBytes(StandardCharsets.UTF_8);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(me), 0);
            return new FolderLock(ch, l);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("cannot lock " + dir + ": " + FileErrors.reason(e), e);
        }
    }

    /** Releases the lock (the file stays). */
    @Override
    public void close() {
        try {
            if (lock.isValid()) lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock in " + FILE_NAME + ": " + FileErrors.reason(e), e);
        }
    }

    private static String holder(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(512);
        ch.read(b, 0);
        String s = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
        // Empty while the holder is between locking and writing its description.
        return s.isEmpty() ? "another process" : s;
    }

    private static String describeThisProcess() {
        ProcessHandle self = ProcessHandle.current();
        String started = self.info().startInstant().map(i -> i.truncatedTo(ChronoUnit.SECONDS).toString())
                .orElse(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return "process " + self.pid() + " (started " + started + ")";
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // Already failing with the more useful error.
        }
    }
}
