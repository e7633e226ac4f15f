package org.flatlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flatlens.data.Dataset;
import org.flatlens.tensor.UserInputException;

/**
 * Which samples of a (class-subset) split to analyse: the first N ({@code --samples}), or those at the given
 * positions in the original split file ({@code --indices FILE}: one per line, blank lines and {@code #} comments
 * ignored, or a JSON array), or by default the first {@value #DEFAULT_SAMPLES} (the whole split, 60,000 samples,
 * would take many minutes; {@code --samples N} with the split's size asks for all of it).
 */
final class SampleSelection {
    /** Samples analysed when neither {@code --samples} nor {@code --indices} is given. */
    static final int DEFAULT_SAMPLES = 500;

    private SampleSelection() {}

    /** How the selection was made, for the command's first line of output. */
    static String describe(Integer samples, Path indicesFile) {
        if (indicesFile != null) return "the samples listed in " + indicesFile;
        if (samples != null) return "the first " + samples + " samples";
        return "the first " + DEFAULT_SAMPLES + " samples (the default; choose with --samples N or --indices FILE)";
    }

    /**
     * @param samples the first N, or null
     * @param indicesFile a file of original indices, or null (not both)
     */
    static Dataset select(Dataset split, Integer samples, Path indicesFile) {
        if (samples != null && indicesFile != null) {
            throw new UserInputException("give --samples or --indices, not both");
        }
        if (samples != null) {
            if (samples < 1 || samples > split.size()) {
                throw new UserInputException("--samples " + samples + ": " + split.name() + " has " + split.size()
                        + " samples");
            }
            return split.first(samples);
        }
        if (indicesFile != null) {
            int[] idx = readIndices(indicesFile);
            try {
                return split.byOriginalIndices(idx);
            } catch (IllegalArgumentException e) {
                throw new UserInputException(indicesFile + ": " + e.getMessage());
            }
        }
        return split.first(Math.min(DEFAULT_SAMPLES, split.size()));
    }

    /** The original indices listed in {@code file}. */
    static int[] readIndices(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserInputException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        int[] idx = text.strip().startsWith("[") ? fromJson(file, text) : fromLines(file, text);
        if (idx.length == 0) throw new UserInputException(file + ": no sample indices");
        return idx;
    }

    private static int[] fromJson(Path file, String text) {
        JsonNode a;
        try {
            a = JsonReport.JSON.readTree(text);
        } catch (IOException e) {
            throw new UserInputException(file + ": not a valid JSON array of sample indices");
        }
        int[] idx = new int[a.size()];
        for (int i = 0; i < idx.length; i++) {
            JsonNode v = a.get(i);
            if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                throw new UserInputException(file + ": element " + i + " (" + v + ") is not a sample index");
            }
            idx[i] = v.intValue();
        }
        return idx;
    }

    private static int[] fromLines(Path file, String text) {
        List<Integer> idx = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String s = lines[i].replaceFirst("#.*", "").strip();
            if (s.isEmpty()) continue;
            try {
                idx.add(Integer.parseInt(s));
            } catch (NumberFormatException e) {
                throw new UserInputException(file + " line " + (i + 1) + ": '" + s + "' is not a sample index");
            }
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }
}
