package org.flatlens.analysis.jacobians;

import org.flatlens.analysis.linalg.ExtremeEigenvalues;
import org.flatlens.tensor.Tensor;
import org.flatlens.tensor.kernels.Gemm;
import org.flatlens.tensor.kernels.Lanes;

/**
 * A layer's weight as the matrix {@code W_mat} ({@code O × F}, row-major) of THEORY.md §3: a dense weight as it is, a
 * convolution weight {@code [O, C, k, k]} flattened to {@code O × C·k·k} in im2col's column order.
 *
 * @param rows O
 * @param cols F
 * @param data the {@code O·F} entries (shared with the tensor, not copied; not modified)
 */
public record WeightMatrix(int rows, int cols, double[] data) {
    private static final int GRAM_BLOCK = 128;

    /** The weight tensor as {@code W_mat}. */
    public static WeightMatrix of(Tensor weight) {
        int o = weight.dim(0);
        return new WeightMatrix(o, weight.size() / o, weight.data());
    }

    /**
     * The Gram matrix of the shorter side, {@code W Wᵀ} ({@code O ≤ F}) or {@code Wᵀ W}, row-major. Only the block
     * upper triangle is multiplied ({@value #GRAM_BLOCK}-row strips, about 60% of the full product for a 500-wide
     * layer); the rest is mirrored, so the result is exactly symmetric.
     */
    public double[] smallGram() {
        boolean byRows = rows <= cols;
        int n = Math.min(rows, cols), inner = Math.max(rows, cols);
        double[] g = new double[n * n];
        for (int r0 = 0; r0 < n; r0 += GRAM_BLOCK) {
            int m = Math.min(GRAM_BLOCK, n - r0);
            // Strip r0..r0+m of the Gram matrix from column r0 on: vectors r0.. against vectors r0..n.
            if (byRows) Gemm.gemm(false, true, m, n - r0, inner, data, r0 * cols, cols, data, r0 * cols, cols, g,
                    r0 * n + r0, n, false);
            else Gemm.gemm(true, false, m, n - r0, inner, data, r0, cols, data, r0, cols, g, r0 * n + r0, n, false);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) g[i * n + j] = g[j * n + i];
        }
        return g;
    }

    /** {@code ||W_mat||_2}, exactly: the square root of λ_max of {@link #smallGram()}. */
    public double spectralNorm() {
        int n = Math.min(rows, cols);
        return Math.sqrt(Math.max(0, ExtremeEigenvalues.largest(smallGram(), n)));
    }

    public double frobeniusNorm() {
        return Math.sqrt(Lanes.sumSquares(data, 0, data.length));
    }
}
