package org.flatlens.analysis.jacobians;

import java.util.Map;

/**
 * The Gauss–Newton quantities of THEORY.md §2, exact over the given samples (no probe noise).
 *
 * @param samples          n
 * @param outputs          k
 * @param traceGgn         {@code Tr(G) = AM_i Σ_c ||∂g_{i,c}/∂θ||²} over all parameters
 * @param traceGgnStdErr   the standard error of that mean over samples (data sampling, not estimator noise)
 * @param traceGgnByOutput {@code AM_i ||∂g_{i,c}/∂θ||²} for each c ({@code [k]}, sums to {@code traceGgn})
 * @param traceGgnParams   every parameter name → {@code AM_i Σ_c ||∂g_{i,c}/∂θ_p||²} (sums to {@code traceGgn})
 * @param traceGgnLayers   every site's weight name → {@code S_l = AM_i ||∂g_i/∂W_l||_F²}, forward order
 * @param relativeFlatness every site's weight name → {@code κ^G_l = AM_i Σ_c ||W_matᵀ ∂g_{i,c}/∂W_mat||_F²}
 *                         (THEORY.md Lemma 2)
 */
public record GgnReport(int samples, int outputs, double traceGgn, double traceGgnStdErr, double[] traceGgnByOutput,
        Map<String, Double> traceGgnParams, Map<String, Double> traceGgnLayers, Map<String, Double> relativeFlatness) {

    /** The paper's sharpness, {@code sqrt(Tr G)}. */
    public double sharpness() {
        return Math.sqrt(traceGgn);
    }
}
