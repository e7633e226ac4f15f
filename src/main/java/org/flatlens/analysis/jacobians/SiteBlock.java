package org.flatlens.analysis.jacobians;

import org.flatlens.tensor.Tensor;

/**
 * One site's per-sample data for a chunk of n samples with k effective outputs.
 *
 * @param info     the site
 * @param h        the representations {@code h_i}, {@code [n, ...inputShape]}
 * @param jacobian the site Jacobians: {@code jacobian[i, c]} is {@code ∂g_{i,c}/∂h} as seen through this layer's weight
 *                 (row c of {@code J_{l,i}}), {@code [n, k, ...inputShape]}
 * @param delta    the output gradients {@code δ_{i,c} = ∂g_{i,c}/∂z}, {@code [n, k, ...outputShape]}
 */
public record SiteBlock(SiteInfo info, Tensor h, Tensor jacobian, Tensor delta) {

    public int samples() {
        return h.dim(0);
    }

    public int outputs() {
        return jacobian.dim(1);
    }

    /** Offset of {@code h_i} in {@code h.data()}; it spans {@code info.inputSize()} values. */
    public int hOffset(int i) {
        return i * info.inputSize();
    }

    /** Offset of row c of {@code J_{l,i}} in {@code jacobian.data()}; it spans {@code info.inputSize()} values. */
    public int jacobianOffset(int i, int c) {
        return (i * outputs() + c) * info.inputSize();
    }

    /** Offset of {@code δ_{i,c}} in {@code delta.data()}; it spans {@code info.outputSize()} values. */
    public int deltaOffset(int i, int c) {
        return (i * outputs() + c) * info.outputSize();
    }

    /** {@code J_{l,i}} as a fresh {@code k × dim h} array. */
    public double[][] jacobianMatrix(int i) {
        int k = outputs(), d = info.inputSize();
        double[][] m = new double[k][d];
        for (int c = 0; c < k; c++) System.arraycopy(jacobian.data(), jacobianOffset(i, c), m[c], 0, d);
        return m;
    }
}
