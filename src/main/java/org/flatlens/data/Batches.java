package org.flatlens.data;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.flatlens.tensor.UserInputException;

/** Splitting positions {@code 0..n-1} into batches, in order or shuffled by a seeded generator. */
public final class Batches {
    private Batches() {}

    /** Batches of consecutive positions; the last one is shorter when batchSize does not divide n. */
    public static List<int[]> sequential(int n, int batchSize) {
        return split(Dataset.range(n), batchSize, false);
    }

    /**
     * A random permutation of {@code 0..n-1} (Fisher–Yates, drawing {@code rng.nextInt(i + 1)} for i = n-1 .. 1)
     * cut into batches.
     *
     * @param dropLast whether to drop a final batch shorter than batchSize
     */
    public static List<int[]> shuffled(int n, int batchSize, RandomGenerator rng, boolean dropLast) {
        return split(permutation(n, rng), batchSize, dropLast);
    }

    /** A uniformly random permutation of {@code 0..n-1}. */
    public static int[] permutation(int n, RandomGenerator rng) {
        int[] p = Dataset.range(n);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static List<int[]> split(int[] order, int batchSize, boolean dropLast) {
        if (batchSize <= 0) throw new UserInputException("batch size must be positive, got " + batchSize);
        List<int[]> out = new ArrayList<>();
        for (int lo = 0; lo < order.length; lo += batchSize) {
            int hi = Math.min(order.length, lo + batchSize);
            if (dropLast && hi - lo < batchSize) break;
            out.add(java.util.Arrays.copyOfRange(order, lo, hi));
        }
        return out;
    }
}
