package org.flatlens.analysis.jacobians;

import org.flatlens.tensor.Gemm;

/** Small row-major matrix helpers for the per-sample products; large products go to {@link Gemm}. */
final class Mat {
    /** Below this many multiply–adds a plain loop beats packing for the GEMM kernel. */
    private static final long SMALL = 1 << 14;

    private Mat() {}

    /** {@code C = op(A) op(B)}, C {@code m × n}; A stored {@code m × k} ({@code k × m} when transA), B likewise. */
    static double[] mul(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff, double[] b,
            int bOff) {
        double[] c = new double[m * n];
        int lda = transA ? m : k, ldb = transB ? k : n;
        if ((long) m * n * k >= SMALL) {
            Gemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, 0, n, false);
            return c;
        }
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                if (av == 0) continue;
                int ci = i * n;
                for (int j = 0; j < n; j++) c[ci + j] += av * (transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j]);
            }
        }
        return c;
    }

    /** {@code Σ x[xOff + j] y[yOff + j]} over {@code len} entries. */
    static double dot(double[] x, int xOff, double[] y, int yOff, int len) {
        // Four partial sums: one running sum is bound by the latency of a dependent add per element.
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            s0 += x[xOff + j] * y[yOff + j];
            s1 += x[xOff + j + 1] * y[yOff + j + 1];
            s2 += x[xOff + j + 2] * y[yOff + j + 2];
            s3 += x[xOff + j + 3] * y[yOff + j + 3];
        }
        for (; j < len; j++) s0 += x[xOff + j] * y[yOff + j];
        return (s0 + s1) + (s2 + s3);
    }

    static double sumSquares(double[] x, int off, int len) {
        return dot(x, off, x, off, len);
    }
}
