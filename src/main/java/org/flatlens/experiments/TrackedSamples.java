package org.flatlens.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.flatlens.data.AtomicFiles;
import org.flatlens.data.Batch;
import org.flatlens.data.Batches;
import org.flatlens.data.Dataset;
import org.flatlens.tensor.UserInputException;

/**
 * The fixed samples a run is tracked on, identified by their original indices (positions in the split files,
 * THEORY.md §7) and saved as {@code tracked_samples.json} in the run folder:
 * {@code {"train": [i, ...], "test": [j, ...]}}.
 *
 * <p>Choice: the first M entries of a permutation of the (sub)set drawn from {@code SplittableRandom(sampleSeed)},
 * so it depends only on the data and the seed.
 */
public record TrackedSamples(int[] trainIndices, int[] testIndices, Batch train, Batch test) {
    public static final String FILE = "tracked_samples.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Picks the samples (test: null batch when {@code config.testSamples()} is 0 or there is no test set). */
    public static TrackedSamples choose(TrackingConfig config, Dataset train, Dataset test) {
        if (config.trainSamples() > train.size()) {
            throw new UserInputException("cannot track " + config.trainSamples() + " of " + train.size()
                    + " training samples");
        }
        Dataset tr = pick(train, config.trainSamples(), config.sampleSeed());
        boolean withTest = config.testSamples() > 0 && test != null && test.size() > 0;
        Dataset te = withTest ? pick(test, Math.min(config.testSamples(), test.size()), config.sampleSeed() + 1) : null;
        return new TrackedSamples(tr.originalIndices(), te == null ? new int[0] : te.originalIndices(), tr.all(),
                te == null ? null : te.all());
    }

    private static Dataset pick(Dataset d, int m, long seed) {
        int[] perm = Batches.permutation(d.size(), new SplittableRandom(seed));
        return d.select(Arrays.copyOf(perm, m));
    }

    /**
     * Writes the indices into {@code runDir}, or, if the file is there (a resumed run), checks that it names the same
     * samples.
     */
    public void saveOrVerify(Path runDir) {
        Path f = runDir.resolve(FILE);
        if (Files.isRegularFile(f)) {
            int[][] saved = read(f);
            if (!Arrays.equals(saved[0], trainIndices) || !Arrays.equals(saved[1], testIndices)) {
                throw new UserInputException(f + ": the run was tracked on other samples; use the same "
                        + "tracking options or another run folder");
            }
            return;
        }
        ObjectNode o = JSON.createObjectNode();
        Arrays.stream(trainIndices).forEach(o.putArray("train")::add);
        Arrays.stream(testIndices).forEach(o.putArray("test")::add);
        AtomicFiles.writeString(f, o.toString() + "\n");
    }

    /** The saved {train, test} original indices. */
    public static int[][] read(Path file) {
        try {
            JsonNode n = JSON.readTree(Files.readString(file));
            return new int[][] {ints(n.path("train")), ints(n.path("test"))};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static int[] ints(JsonNode a) {
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).asInt();
        return r;
    }
}
