package org.flatlens.analysis.compression;

/**
 * One sample's numbers at one site, computed in parallel and then streamed in sample order.
 *
 * @param sigma    singular values of {@code J_i}, descending
 * @param energy   {@code ||J_i||_F²}
 * @param normSq   {@code ||h_i||²}
 * @param rhoSq    {@code ρ(P_i)²} ({@code = normSq} for dense layers)
 * @param gradSq   {@code ||∂g_i/∂W||_F²}
 * @param kappa    {@code Σ_c ||W_matᵀ ∂g_{i,c}/∂W_mat||_F²}
 * @param relMls   {@code rel_mls_i}
 */
record SampleSite(double[] sigma, double energy, double normSq, double rhoSq, double gradSq, double kappa,
        double relMls) {}
