package org.flatlens.tensor.kernels;

import java.util.Arrays;

/**
 * The one place that chooses among the matrix-multiply kernels ({@link Gemm}, {@link SmallGemm}, a plain loop) by
 * shape; callers that know their kernel call it directly. Every threshold sits here, next to the others:
 * <ul>
 *   <li>{@link #stack}, the products of {@code Tensor.matmul}: one tall {@link Gemm} for a stack of row-major matrices
 *       times one matrix; {@link SmallGemm} on whole matrices shared out over the threads when m, n and k are all at
 *       most {@value #SMALL_DIM}; otherwise one {@link Gemm} call per matrix;</li>
 *   <li>{@link #multiply}, one small product on the calling thread (the per-sample products of the analysis):
 *       {@link SmallGemm} for inner dimensions up to {@value #SHORT_INNER}, {@link Gemm} from {@value #SMALL_WORK}
 *       multiply–adds, a plain loop below.</li>
 * </ul>
 * The paths differ in their rounding (the plain loop multiplies and adds, the kernels fuse them), so each path and
 * threshold is kept as it was measured: changing one changes printed numbers.
 */
public final class MatMul {
    /**
     * A stack of products with m, n and k all up to this goes to {@link SmallGemm}, whole matrices shared out over the
     * threads: one {@link Gemm} call per 17×17 attention product spent its time packing and dispatching.
     */
    private static final int SMALL_DIM = 64;
    /** Multiply–adds per parallel chunk of a stack of small products. */
    private static final int SMALL_GRAIN = 1 << 16;
    /** Below this many multiply–adds a plain loop beats packing for the GEMM kernel. */
    private static final long SMALL_WORK = 1 << 14;
    /** Inner dimensions up to this go to {@link SmallGemm} (no packing; measured faster for 17 tokens). */
    private static final int SHORT_INNER = 32;

    private MatMul() {}

    /**
     * {@code c[t] = op(a[ia(t)]) op(b[ib(t)])} for every index t of the broadcast batch {@code dims}, each product
     * {@code m × n} over k, written contiguously into {@code c} (old values ignored). {@code ia(t)} and {@code ib(t)}
     * come from the broadcast strides {@code strA}, {@code strB} (in matrices); A and B are stored as a stack of
     * row-major matrices, transposed when {@code transA} / {@code transB}.
     *
     * @param batchA number of matrices in A: when A is not transposed and B holds one matrix, the stack is one GEMM
     * @param batchB number of matrices in B
     */
    public static void stack(double[] a, double[] b, boolean transA, boolean transB, int m, int n, int k,
            int batchA, int batchB, int[] dims, int[] strA, int[] strB, double[] c) {
        int lda = transA ? m : k, ldb = transB ? k : n;
        // A stack of row-major matrices times one matrix is a single tall GEMM.
        if (!transA && batchB == 1) {
            Gemm.gemm(false, transB, batchA * m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, false);
            return;
        }
        int count = 1;
        for (int d : dims) count *= d;
        if (count > 1 && m <= SMALL_DIM && n <= SMALL_DIM && k <= SMALL_DIM) {
            smallBatch(a, b, transA, transB, m, n, k, dims, strA, strB, c);
            return;
        }
        int[] idx = new int[dims.length];
        int matA = m * k, matB = k * n;
        for (int t = 0, ia = 0, ib = 0; t < count; t++) {
            Gemm.gemm(transA, transB, m, n, k, a, ia * matA, lda, b, ib * matB, ldb, c, t * m * n, n, false);
            for (int d = dims.length - 1; d >= 0; d--) {
                idx[d]++;
                ia += strA[d];
                ib += strB[d];
                if (idx[d] < dims[d]) break;
                ia -= strA[d] * dims[d];
                ib -= strB[d] * dims[d];
                idx[d] = 0;
            }
        }
    }

    /** {@link #stack}'s small path. A transposed B is copied to row-major first, since SmallGemm reads B's rows. */
    private static void smallBatch(double[] a, double[] b, boolean transA, boolean transB, int m, int n, int k,
            int[] dims, int[] strA, int[] strB, double[] c) {
        int count = 1;
        for (int d : dims) count *= d;
        int matA = m * k, matB = k * n, aRow = transA ? 1 : k, aCol = transA ? m : 1;
        Parallel.forRange(count, Math.max(1, SMALL_GRAIN / (m * n * k)), (lo, hi) -> {
            double[] bt = transB ? new double[matB] : null;
            for (int t = lo; t < hi; t++) {
                int ia = 0, ib = 0;
                for (int d = dims.length - 1, r = t; d >= 0; d--) {
                    int i = r % dims[d];
                    r /= dims[d];
                    ia += i * strA[d];
                    ib += i * strB[d];
                }
                double[] bs = b;
                int bOff = ib * matB;
                if (transB) {
                    for (int j = 0; j < n; j++) for (int p = 0; p < k; p++) bt[p * n + j] = b[bOff + j * k + p];
                    bs = bt;
                    bOff = 0;
                }
                SmallGemm.multiply(m, n, k, a, ia * matA, aRow, aCol, bs, bOff, n, c, t * m * n, n);
            }
        });
    }

    /** {@code C = A B} into {@code c} from {@code cOff} (old values ignored); all row-major, A {@code m × k}. */
    public static void multiply(int m, int n, int k, double[] a, int aOff, double[] b, int bOff, double[] c,
            int cOff) {
        if (k <= SHORT_INNER && n >= SmallGemm.ROWS) {
            SmallGemm.multiply(m, n, k, a, aOff, k, 1, b, bOff, n, c, cOff, n);
        } else if ((long) m * n * k >= SMALL_WORK) {
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
    public static void upperTimes(int r, int m, double[] rm, int n, double[] b, int bOff, int ldb, double[] c,
            int cOff) {
        for (int i0 = 0; i0 < r; i0 += SmallGemm.ROWS) {
            int rows = Math.min(SmallGemm.ROWS, r - i0);
            SmallGemm.multiply(rows, n, m - i0, rm, i0 * m + i0, m, 1, b, bOff + i0 * ldb, ldb, c, cOff + i0 * n, n);
        }
    }
}
