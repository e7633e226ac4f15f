package org.flatlens.analysis.jacobians;

/**
 * How one kind of linear layer presents a sample as the weight-shared product {@code Z = W_mat Pᵀ} of THEORY.md §3.
 * This is the only per-layer derivative math; every per-sample quantity ({@link PerSampleGradients}) is written once
 * in terms of these three matrices. With L positions, fan-in F and O outputs:
 * <ul>
 *   <li>{@code P} ({@code L × F}): the patches (conv, im2col), the token matrix (token), or {@code hᵀ} (dense, L = 1);
 *   <li>{@code Δ_c} ({@code L × O}): {@code ∂g_c/∂Z} with positions as rows, so {@code ∂g_c/∂W_mat = Δ_cᵀ P} and
 *       {@code ∂g_c/∂b = Δ_cᵀ 1};
 *   <li>{@code U_c = Δ_c W_mat} ({@code L × F}): the gradient with respect to P, so
 *       {@code W_matᵀ ∂g_c/∂W_mat = U_cᵀ P}. For dense and token layers it is the site Jacobian row itself.
 * </ul>
 * All three are returned as fresh row-major arrays.
 */
public interface PatchView {
    double[] patches(SiteBlock b, int i);

    double[] outputGrad(SiteBlock b, int i, int c);

    double[] patchGrad(SiteBlock b, int i, int c, WeightMatrix w);

    /** All {@code Δ_cᵀ} stacked: {@code (k·O) × L}, rows {@code c·O .. c·O + O − 1} for output c. */
    default double[] outputGradTransposed(SiteBlock b, int i) {
        int k = b.outputs(), l = b.info().positions(), o = b.info().outFeatures();
        double[] t = new double[k * o * l];
        for (int c = 0; c < k; c++) {
            double[] d = outputGrad(b, i, c);
            for (int p = 0; p < l; p++) {
                for (int ch = 0; ch < o; ch++) t[(c * o + ch) * l + p] = d[p * o + ch];
            }
        }
        return t;
    }
}
