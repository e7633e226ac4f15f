package org.flatlens.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path tmp;

    /**
     * Regression: files were written 0600 whatever the umask (Files.createTempFile), so another user could not read a
     * shared run. They must get the same permissions as a file any other tool creates in this process.
     */
    @Test
    void writtenFilesHonourTheUmask() throws IOException {
        Path plain = Files.writeString(tmp.resolve("plain.txt"), "x"); // created with the umask
        AtomicFiles.writeString(tmp.resolve("state.json"), "{}");
        Safetensors.write(tmp.resolve("model.safetensors"), Map.of("w", Tensor.of(new double[] {1}, 1)), Map.of());
        var expected = Files.getPosixFilePermissions(plain);
        assertEquals(expected, Files.getPosixFilePermissions(tmp.resolve("state.json")));
        assertEquals(expected, Files.getPosixFilePermissions(tmp.resolve("model.safetensors")));
    }

    @Test
    void leftoverTemporaryFilesAreFoundDownToTheGivenDepth() throws IOException {
        Path sub = Files.createDirectories(tmp.resolve("checkpoints/step-000000005"));
        Path a = Files.writeString(tmp.resolve(".config.json123.tmp"), "");
        Path b = Files.writeString(sub.resolve(".model.safetensors.ab12.tmp"), "");
        Path keep = Files.writeString(tmp.resolve("notes.tmp"), ""); // not hidden: not ours
        assertEquals(List.of(a), AtomicFiles.removeLeftovers(tmp, 1));
        assertEquals(List.of(b), AtomicFiles.removeLeftovers(tmp, 3));
        assertTrue(Files.exists(keep));
    }

    /** Regression: "cannot read .../state.json" gave no reason, because Java puts only the path in the message. */
    @Test
    void errorsSayTheOperatingSystemsReason() {
        assertEquals("permission denied", FileErrors.reason(new AccessDeniedException("/x/state.json")));
        assertEquals("no space left on device",
                FileErrors.reason(new FileSystemException("/x/a", null, "No space left on device")));
        UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(UncheckedIOException.class,
                () -> AtomicFiles.writeString(tmp, "x")); // the target is a directory
        assertTrue(e.getMessage().startsWith("cannot write " + tmp + ": "), e.getMessage());
        assertTrue(!e.getMessage().endsWith(tmp.toString()), "a reason, not the path again: " + e.getMessage());
    }
}
