package org.flatlens.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.flatlens.data.FileErrors;
import org.flatlens.tensor.UserInputException;

/** SHA-256 of checkpoint files, recorded in {@code state.json} and checked when a checkpoint is read. */
final class Checksums {
    private Checksums() {}

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static byte[] readAll(Path file) {
        if (Files.isDirectory(file)) throw new UserInputException(file + " is a directory, not a checkpoint file");
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserInputException(file + ": missing checkpoint file (named by state.json)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + FileErrors.reason(e), e);
        }
    }
}
