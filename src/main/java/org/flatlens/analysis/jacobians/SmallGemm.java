package org.flatlens.analysis.jacobians;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C = A B} (all row-major, not transposed) for a short inner dimension k, read in place: the per-sample products
 * of {@link PerSampleGradients} ({@code K Δ_c}, {@code K U_c} with {@code k = L} tokens, a convolution's
 * {@code Δ_c W} with {@code k = O}) are too small for {@link org.flatlens.tensor.Gemm}'s packing to pay off. A tile of
 * {@value #ROWS} rows of C by two vectors of columns keeps 8 accumulators; each element sums its k terms in order.
 */
final class SmallGemm {
    static final int ROWS = 4;
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private SmallGemm() {}

    /** {@code c[0..m·n) = A B}, A {@code m × k} at {@code a[aOff..]}, B {@code k × n} at {@code b[bOff..]}. */
    static void multiply(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c) {
        int i = 0;
        for (; i + ROWS <= m; i += ROWS) {
            int j = 0;
            for (; j + 2 * L <= n; j += 2 * L) tile(n, k, a, aOff + i * k, b, bOff + j, c, i * n + j);
            for (int r = 0; r < ROWS; r++) row(n, k, a, aOff + (i + r) * k, b, bOff, c, (i + r) * n, j);
        }
        for (; i < m; i++) row(n, k, a, aOff + i * k, b, bOff, c, i * n, 0);
    }

    /** Row {@code ai} of A times columns {@code j0..n} of B into C's row at {@code ci}: one vector, then scalars. */
    private static void row(int n, int k, double[] a, int ai, double[] b, int bOff, double[] c, int ci, int j0) {
        int j = j0;
        for (; j + L <= n; j += L) {
            DoubleVector acc = DoubleVector.zero(S);
            for (int p = 0; p < k; p++) {
                acc = DoubleVector.broadcast(S, a[ai + p]).fma(DoubleVector.fromArray(S, b, bOff + p * n + j), acc);
            }
            acc.intoArray(c, ci + j);
        }
        for (; j < n; j++) c[ci + j] = column(n, k, a, ai, b, bOff + j);
    }

    /** Rows {@code 0..ROWS} of A (from {@code ai}) times columns {@code bj..bj+2L} of B into C at {@code ci}. */
    private static void tile(int n, int k, double[] a, int ai, double[] b, int bj, double[] c, int ci) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00;
        DoubleVector c31 = c00;
        for (int p = 0; p < k; p++) {
            int bp = bj + p * n;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp), b1 = DoubleVector.fromArray(S, b, bp + L);
            DoubleVector x = DoubleVector.broadcast(S, a[ai + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[ai + k + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[ai + 2 * k + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[ai + 3 * k + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + n);
        c11.intoArray(c, ci + n + L);
        c20.intoArray(c, ci + 2 * n);
        c21.intoArray(c, ci + 2 * n + L);
        c30.intoArray(c, ci + 3 * n);
        c31.intoArray(c, ci + 3 * n + L);
    }

    /** {@code Σ_p a[ai + p] b[bj + p n]}, p ascending, fused as in {@link #tile}. */
    private static double column(int n, int k, double[] a, int ai, double[] b, int bj) {
        double s = 0;
        for (int p = 0; p < k; p++) s = Math.fma(a[ai + p], b[bj + p * n], s);
        return s;
    }
}
