package org.flatlens.tensor;

/** Matrix products over the last two axes, with numpy broadcasting over the leading (batch) axes. */
public final class LinalgOps {
    /**
     * A stack of products with m, n and k all up to this goes to {@link SmallGemm}, whole matrices shared out over the
     * threads: one {@link Gemm} call per 17×17 attention product spent its time packing and dispatching.
     */
    private static final int SMALL_DIM = 64;
    /** Multiply–adds per parallel chunk of a stack of small products. */
    private static final int SMALL_GRAIN = 1 << 16;

    private LinalgOps() {}

    /**
     * {@code op(a) @ op(b)}: a is {@code [..., m, k]} (or {@code [..., k, m]} when {@code transA}), b is
     * {@code [..., k, n]} (or {@code [..., n, k]} when {@code transB}); the result is {@code [batch..., m, n]}.
     */
    public static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        Shape sa = a.shape(), sb = b.shape();
        if (sa.rank() < 2 || sb.rank() < 2) {
            throw new IllegalArgumentException("matmul needs rank ≥ 2, got " + sa + " and " + sb);
        }
        int ra = sa.rank(), rb = sb.rank();
        int m = transA ? sa.dim(ra - 1) : sa.dim(ra - 2);
        int ka = transA ? sa.dim(ra - 2) : sa.dim(ra - 1);
        int kb = transB ? sb.dim(rb - 1) : sb.dim(rb - 2);
        int n = transB ? sb.dim(rb - 2) : sb.dim(rb - 1);
        if (ka != kb) throw new IllegalArgumentException("matmul inner dimensions differ: " + sa + " and " + sb
                + (transA ? " (a transposed)" : "") + (transB ? " (b transposed)" : ""));
        int lda = sa.dim(ra - 1), ldb = sb.dim(rb - 1);
        Shape batchA = Shape.of(java.util.Arrays.copyOf(sa.dims(), ra - 2));
        Shape batchB = Shape.of(java.util.Arrays.copyOf(sb.dims(), rb - 2));
        Shape batch = Shape.broadcast(batchA, batchB);
        int[] outDims = java.util.Arrays.copyOf(batch.dims(), batch.rank() + 2);
        outDims[batch.rank()] = m;
        outDims[batch.rank() + 1] = n;
        double[] c = new double[batch.size() * m * n];
        // A stack of row-major matrices times one matrix is a single tall GEMM.
        if (!transA && batchB.size() == 1) {
            Gemm.gemm(false, transB, batchA.size() * m, n, ka, a.data(), 0, lda, b.data(), 0, ldb, c, 0, n, false);
            return new Tensor(Shape.of(outDims), c);
        }
        int[] strA = ElementwiseOps.broadcastStrides(batchA, batch);
        int[] strB = ElementwiseOps.broadcastStrides(batchB, batch);
        if (batch.size() > 1 && m <= SMALL_DIM && n <= SMALL_DIM && ka <= SMALL_DIM) {
            smallBatch(a.data(), b.data(), transA, transB, m, n, ka, batch.dims(), strA, strB, c);
            return new Tensor(Shape.of(outDims), c);
        }
        int[] dims = batch.dims();
        int[] idx = new int[dims.length];
        int matA = m * ka, matB = ka * n;
        for (int t = 0, ia = 0, ib = 0; t < batch.size(); t++) {
            Gemm.gemm(transA, transB, m, n, ka, a.data(), ia * matA, lda, b.data(), ib * matB, ldb, c, t * m * n, n, false);
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
        return new Tensor(Shape.of(outDims), c);
    }

    /**
     * {@code c[t] = op(a[ia(t)]) op(b[ib(t)])} for every batch index t, ia and ib from the broadcast strides (in
     * matrices). A transposed B is copied to row-major first, since SmallGemm reads B's rows as vectors.
     */
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
}
