package org.flatlens.analysis.jacobians;

import java.util.Arrays;
import org.flatlens.tensor.Gemm;
import org.flatlens.tensor.SmallGemm;

/** Small row-major matrix helpers for the per-sample products; large products go to {@link Gemm}. */
final class Mat {
    /** Below this many multiply–adds a plain loop beats packing for the GEMM kernel. */
    private static final long SMALL = 1 << 14;
    /** Inner dimensions up to this go to {@link SmallGemm} (no packing; measured faster for 17 tokens). */
    private static final int SHORT_INNER = 32;

    private Mat() {}

    /** {@code C = A B} into {@code c} from {@code cOff} (old values ignored); all row-major, A {@code m × k}. */
    static void mulInto(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
        if (k <= SHORT_INNER && n >= SmallGemm.ROWS) {
            SmallGemm.multiply(m, n, k, a, aOff, k, 1, b, bOff, n, c, cOff, n);
        } else if ((long) m * n * k >= SMALL) {
            Gemm.gemm(false, false, m, n, k, a, aOff, k, b, bOff, n, c, cOff, n, false);
        } else {
            Arrays.fill(c, cOff, cOff + m * n, 0.0);
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    double av = a[aOff + i * k + p];
                    if (av == 0) continue;
                    int ci = cOff + i * n, bp = bOff + p * n;
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
                }
            }
        }
    }

    /**
     * {@code C = R B} for R upper trapezoidal ({@code r × m}, row-major, zero below the diagonal), B {@code m × n}
     * (row p at {@code bOff + p·ldb}), C {@code r × n} row-major from {@code cOff}. A strip of {@link SmallGemm#ROWS}
     * rows starting at row {@code i0} starts at column {@code i0} of R and of B's rows, skipping the zeros left of
     * the diagonal (about half of a full product when {@code r = m}); the zeros left inside a strip add exact zeros.
     */
    static void upperTimes(int r, int m, double[] rm, int n, double[] b, int bOff, int ldb, double[] c, int cOff) {
        for (int i0 = 0; i0 < r; i0 += SmallGemm.ROWS) {
            int rows = Math.min(SmallGemm.ROWS, r - i0);
            SmallGemm.multiply(rows, n, m - i0, rm, i0 * m + i0, m, 1, b, bOff + i0 * ldb, ldb, c, cOff + i0 * n, n);
        }
    }
}
