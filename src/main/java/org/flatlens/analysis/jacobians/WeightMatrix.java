package org.flatlens.analysis.jacobians;

import org.flatlens.tensor.Tensor;

/**
 * A layer's weight as the matrix {@code W_mat} ({@code O × F}, row-major) of THEORY.md §3: a dense weight as it is, a
 * convolution weight {@code [O, C, k, k]} flattened to {@code O × C·k·k} in im2col's column order.
 *
 * @param rows O
 * @param cols F
 * @param data the {@code O·F} entries (shared with the tensor, not copied; not modified)
 */
public record WeightMatrix(int rows, int cols, double[] data) {

    /** The weight tensor as {@code W_mat}. */
    public static WeightMatrix of(Tensor weight) {
        int o = weight.dim(0);
        return new WeightMatrix(o, weight.size() / o, weight.data());
    }

    /** The Gram matrix of the shorter side, {@code W Wᵀ} ({@code O ≤ F}) or {@code Wᵀ W}, row-major. */
    public double[] smallGram() {
        return rows <= cols ? Mat.mul(false, true, rows, rows, cols, data, 0, data, 0)
                : Mat.mul(true, false, cols, cols, rows, data, 0, data, 0);
    }

    /** {@code ||W_mat||_2}, exactly: the square root of λ_max of {@link #smallGram()}. */
    public double spectralNorm() {
        int n = Math.min(rows, cols);
        return Math.sqrt(Math.max(0, ExtremeEigenvalues.largest(smallGram(), n)));
    }

    public double frobeniusNorm() {
        return Math.sqrt(Mat.sumSquares(data, 0, data.length));
    }
}
