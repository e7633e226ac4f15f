package org.flatlens.tensor;

/** Matrix products over the last two axes, with numpy broadcasting over the leading (batch) axes. */
public final class LinalgOps {
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
}
