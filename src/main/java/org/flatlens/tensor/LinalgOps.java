package org.flatlens.tensor;

import org.flatlens.tensor.kernels.MatMul;

/**
 * Matrix products over the last two axes, with numpy broadcasting over the leading (batch) axes: the shapes are worked
 * out here, the kernels chosen by {@link MatMul#stack}.
 */
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
        Shape batchA = Shape.of(java.util.Arrays.copyOf(sa.dims(), ra - 2));
        Shape batchB = Shape.of(java.util.Arrays.copyOf(sb.dims(), rb - 2));
        Shape batch = Shape.broadcast(batchA, batchB);
        int[] outDims = java.util.Arrays.copyOf(batch.dims(), batch.rank() + 2);
        outDims[batch.rank()] = m;
        outDims[batch.rank() + 1] = n;
        double[] c = new double[batch.size() * m * n];
        MatMul.stack(a.data(), b.data(), transA, transB, m, n, ka, batchA.size(), batchB.size(), batch.dims(),
                ElementwiseOps.broadcastStrides(batchA, batch), ElementwiseOps.broadcastStrides(batchB, batch), c);
        return new Tensor(Shape.of(outDims), c);
    }
}
