package org.flatlens.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writes files so that a reader, or a process killed at any moment, sees either the old content or the new, never a
 * part: the bytes go to a temporary file {@code .NAME.<random>.tmp} in the same directory, are forced to disk, and the
 * file is renamed over the target. The file gets the permissions of the process's umask, as any other tool's would.
 * A process killed mid-write leaves its temporary file behind; {@link #removeLeftovers} clears them.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    public static void write(Path target, byte[] bytes) {
        Path dir = target.toAbsolutePath().getParent();
        // Not Files.createTempFile: it makes the file 0600 whatever the umask, so a shared run folder would be
        // unreadable by the group.
        Path tmp = dir.resolve("." + target.getFileName() + "." + randomHex() + ".tmp");
        try {
            Files.createDirectories(dir);
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) ch.write(buf);
                    ch.force(true);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + FileErrors.reason(e), e);
        }
    }

    public static void writeString(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Deletes the temporary files ({@code .*.tmp}) that writers killed mid-write left in {@code dir} and its
     * subfolders down to {@code depth} levels. Call it only while no other process writes there (hold the
     * {@link FolderLock}).
     *
     * @return the files removed
     */
    public static List<Path> removeLeftovers(Path dir, int depth) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir, depth)) {
            List<Path> stale = s.filter(p -> isTemporary(p.getFileName().toString()) && Files.isRegularFile(p))
                    .toList();
            for (Path p : stale) Files.deleteIfExists(p);
            return stale;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir + ": " + FileErrors.reason(e), e);
        }
    }

    /** Names this class (and earlier versions, which appended a random number) gives its temporary files. */
    static boolean isTemporary(String name) {
        return name.startsWith(".") && name.endsWith(".tmp") && name.length() > ".x.tmp".length();
    }

    private static String randomHex() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
