package org.flatlens.analysis.jacobians;

import java.util.Arrays;
import org.flatlens.tensor.Tensor;

/**
 * One site's per-sample data for a chunk of n samples with k effective outputs. The Jacobian and output-gradient
 * arrays are the k backward passes' results as they come, one array per output (pass) with every sample's row in it,
 * so the engine never copies them into another layout.
 *
 * @param info      the site
 * @param h         the representations {@code h_i}, {@code [n, ...inputShape]}
 * @param jacobians {@code jacobians[c]} holds, at {@link #jacobianOffset}(i), {@code ∂g_{i,c}/∂h} as seen through this
 *                  layer's weight (row c of {@code J_{l,i}}), {@code n · inputSize} values
 * @param deltas    {@code deltas[c]} holds, at {@link #deltaOffset}(i), the output gradient
 *                  {@code δ_{i,c} = ∂g_{i,c}/∂z}, {@code n · outputSize} values
 */
public record SiteBlock(SiteInfo info, Tensor h, double[][] jacobians, double[][] deltas) {

    public int samples() {
        return h.dim(0);
    }

    public int outputs() {
        return jacobians.length;
    }

    /** Offset of {@code h_i} in {@code h.data()}; it spans {@code info.inputSize()} values. */
    public int hOffset(int i) {
        return i * info.inputSize();
    }

    /** Offset of row c of {@code J_{l,i}} in {@code jacobians[c]}; it spans {@code info.inputSize()} values. */
    public int jacobianOffset(int i) {
        return i * info.inputSize();
    }

    /** Offset of {@code δ_{i,c}} in {@code deltas[c]}; it spans {@code info.outputSize()} values. */
    public int deltaOffset(int i) {
        return i * info.outputSize();
    }

    /** {@code J_{l,i}} as a fresh {@code k × dim h} array. */
    public double[][] jacobianMatrix(int i) {
        int k = outputs(), d = info.inputSize();
        // Rows copied into fresh arrays of their own, which the JIT does not zero first (a k × d allocation is zeroed).
        double[][] m = new double[k][];
        for (int c = 0; c < k; c++) m[c] = Arrays.copyOfRange(jacobians[c], jacobianOffset(i), jacobianOffset(i) + d);
        return m;
    }
}
