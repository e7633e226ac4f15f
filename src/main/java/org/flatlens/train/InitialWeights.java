package org.flatlens.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.flatlens.data.AtomicFiles;
import org.flatlens.data.FileErrors;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.UserInputException;

/**
 * Weights a run starts from instead of its seeded initialisation ({@code train --init-from}), and the record of where
 * they came from: the file's name and SHA-256 and the key map. The record is kept as {@code init_from.json} in the run
 * folder, written atomically with the run's configuration, so that a resume with another start (or with none) is
 * refused instead of silently continuing another run.
 *
 * @param weights the starting weights, named as the model's parameters
 * @param record  the text of {@code init_from.json}
 */
public record InitialWeights(Parameters weights, String record) {
    static final String FILE = "init_from.json";

    public InitialWeights {
        Objects.requireNonNull(weights);
        Objects.requireNonNull(record);
    }

    /** The weights read from {@code file} after renaming its keys by {@code keyMap} (the {@code --key-map} rules). */
    public static InitialWeights of(Parameters weights, Path file, List<String> keyMap) {
        ObjectNode o = RunDirectory.JSON.createObjectNode();
        o.put("file", String.valueOf(file.getFileName()));
        o.put("sha256", Checksums.sha256(readAll(file)));
        var maps = o.putArray("key_map");
        keyMap.forEach(maps::add);
        return new InitialWeights(weights, o.toPrettyString() + "\n");
    }

    /** Records the start of a new run (removing the record a run killed before its first checkpoint left). */
    static void record(RunDirectory run, InitialWeights start) {
        Path f = run.path().resolve(FILE);
        if (start != null) {
            AtomicFiles.writeString(f, start.record());
            return;
        }
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + f + ": " + FileErrors.reason(e), e);
        }
    }

    /** Refuses to resume a run with a start other than the one it recorded. */
    static void checkSame(RunDirectory run, InitialWeights start) {
        Path f = run.path().resolve(FILE);
        String saved = Files.isRegularFile(f) ? RunDirectory.read(f) : null;
        String given = start == null ? null : start.record();
        if (!Objects.equals(saved, given)) {
            throw new UserInputException(run.path() + " holds a run that started from "
                    + (saved == null ? "the seeded initialisation" : "other weights (see its " + FILE + ")")
                    + ", not from " + (given == null ? "the seeded initialisation" : "these --init-from weights")
                    + "; use another --out folder, or the same start to resume it");
        }
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + FileErrors.reason(e), e);
        }
    }
}
