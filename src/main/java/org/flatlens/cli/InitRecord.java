package org.flatlens.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.flatlens.data.AtomicFiles;
import org.flatlens.train.RunDirectory;

/**
 * What a run started from with {@code train --init-from}: the file's name and SHA-256 and the key map, kept as
 * {@code init_from.json} in the run folder. A run is resumed only with the same start, so re-running a command with
 * another {@code --init-from} (or without it) in the same folder is refused instead of silently mixing two runs.
 */
final class InitRecord {
    static final String FILE = "init_from.json";

    private InitRecord() {}

    /** The record's text for weights {@code file} renamed by {@code keyMap}. */
    static String of(Path file, List<String> keyMap) {
        var o = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        o.put("file", String.valueOf(file.getFileName()));
        o.put("sha256", sha256(file));
        var maps = o.putArray("key_map");
        keyMap.forEach(maps::add);
        return o.toPrettyString() + "\n";
    }

    /**
     * Refuses a start that differs from the one a started run recorded; records it for a new run.
     *
     * @param record this command's start, or null for the seeded initialisation
     */
    static void check(Path runDir, String record) {
        Path f = runDir.resolve(FILE);
        if (new RunDirectory(runDir).hasState()) {
            String saved = read(f);
            if (saved == null ? record != null : !saved.equals(record)) {
                throw new IllegalArgumentException(runDir + " holds a run that started from "
                        + (saved == null ? "the seeded initialisation" : "other weights (" + f.getFileName() + ")")
                        + ", not from " + (record == null ? "the seeded initialisation" : "these --init-from weights")
                        + "; use another --out folder");
            }
            return;
        }
        try {
            if (record == null) Files.deleteIfExists(f);
            else AtomicFiles.writeString(f, record);
        } catch (IOException e) {
            throw new UncheckedIOException(f + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.isRegularFile(f) ? Files.readString(f) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(f + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
