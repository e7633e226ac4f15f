package org.flatlens.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;

/** Brute-force index arithmetic and comparison helpers shared by the tensor tests (test oracles, not fast paths). */
final class Naive {
    private Naive() {}

    /** A tensor of independent standard normals. */
    static Tensor randn(RandomGenerator rng, int... dims) {
        return Tensor.randn(rng, dims);
    }

    /** The multi-index of flat position {@code flat} in {@code s} (row-major). */
    static int[] unravel(int flat, Shape s) {
        int[] idx = new int[s.rank()];
        for (int d = s.rank() - 1; d >= 0; d--) {
            idx[d] = flat % s.dim(d);
            flat /= s.dim(d);
        }
        return idx;
    }

    /** The flat position of a multi-index in {@code s}, computed without strides. */
    static int ravel(int[] idx, Shape s) {
        int f = 0;
        for (int d = 0; d < s.rank(); d++) f = f * s.dim(d) + idx[d];
        return f;
    }

    /** The element of {@code t} that numpy broadcasting reads at multi-index {@code outIdx} of a larger shape. */
    static double broadcastRead(Tensor t, int[] outIdx) {
        int off = outIdx.length - t.rank();
        int[] idx = new int[t.rank()];
        for (int d = 0; d < t.rank(); d++) idx[d] = t.dim(d) == 1 ? 0 : outIdx[off + d];
        return t.data()[ravel(idx, t.shape())];
    }

    /** Asserts equal shapes and {@code |a − b| ≤ tol · max(1, |b|)} elementwise. */
    static void assertClose(Tensor expected, Tensor actual, double tol) {
        assertEquals(expected.shape(), actual.shape(), "shape");
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.data()[i], a = actual.data()[i];
            assertTrue(Math.abs(e - a) <= tol * Math.max(1.0, Math.abs(e)),
                    "element " + i + " " + java.util.Arrays.toString(unravel(i, expected.shape())) + ": expected " + e
                            + ", got " + a);
        }
    }

    /** Asserts equal shapes and bit-identical data. */
    static void assertSame(Tensor expected, Tensor actual) {
        assertEquals(expected.shape(), actual.shape(), "shape");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(Double.doubleToLongBits(expected.data()[i]), Double.doubleToLongBits(actual.data()[i]),
                    "element " + i);
        }
    }

    /** |a − b| / max(|a|, |b|, tiny): the relative disagreement of two scalars. */
    static double relDiff(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.max(Math.abs(a), Math.abs(b)), Double.MIN_NORMAL);
    }

    /** All permutations of {@code 0..r-1}. */
    static java.util.List<int[]> permutations(int r) {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        permute(new int[r], new boolean[r], 0, out);
        return out;
    }

    private static void permute(int[] p, boolean[] used, int pos, java.util.List<int[]> out) {
        if (pos == p.length) {
            out.add(p.clone());
            return;
        }
        for (int v = 0; v < p.length; v++) {
            if (used[v]) continue;
            used[v] = true;
            p[pos] = v;
            permute(p, used, pos + 1, out);
            used[v] = false;
        }
    }
}
