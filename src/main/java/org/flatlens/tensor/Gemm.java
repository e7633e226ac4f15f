package org.flatlens.tensor;

/**
 * Double-precision general matrix multiply {@code C (+)= op(A) op(B)} on row-major arrays.
 *
 * <p>{@code op(A)} is m×k, {@code op(B)} is k×n, C is m×n. When {@code transA}, A is stored k×m (row stride
 * {@code lda}); when {@code transB}, B is stored n×k. Each output element is summed over k in a fixed order, so results
 * do not depend on the thread count.
 */
public final class Gemm {
    private Gemm() {}

    // TODO(#2): blocked Vector API kernel; this reference loop is the correctness baseline.
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double[] c, int cOff, int ldc, boolean accumulate) {
        Parallel.forRange(m, Math.max(1, (1 << 16) / Math.max(1, n * k)), (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                int ci = cOff + i * ldc;
                if (!accumulate) java.util.Arrays.fill(c, ci, ci + n, 0.0);
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    if (!transB) {
                        int bp = bOff + p * ldb;
                        for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
                    } else {
                        for (int j = 0; j < n; j++) c[ci + j] += av * b[bOff + j * ldb + p];
                    }
                }
            }
        });
    }
}
