package org.flatlens.analysis.compression;

/**
 * What the bounds of THEORY.md §5 need about one site for one choice of the per-sample scale {@code s_i} and norm N:
 * the theorem form ({@code s_i = ||h_i||}, {@code N = ||W||_2} for dense layers; {@code s_i = ρ(P_i)} and
 * {@code N = ||T(W)||_2} for convolutions and token layers) or the paper's heuristic form for weight-shared layers
 * ({@code s_i = ||h_i||}, {@code N = sqrt(L)||W||_F} for convolutions, {@code ||W||_2} for tokens).
 *
 * @param scale             {@code "norm"} ({@code ||h||}) or {@code "rho"} ({@code ρ(P)})
 * @param norm              N
 * @param zeroScales        samples with {@code s_i = 0} (any makes the averaged bounds vacuous)
 * @param invSqMean         {@code AM_i s_i^{-2}} (+∞ when a scale is 0)
 * @param gm                {@code GM_i s_i}
 * @param min               {@code min_i s_i}
 * @param meanLogSq         {@code AM_i log s_i²}
 * @param meanGradOverScale {@code AM_i N ||∂g_i/∂W||_F / s_i} (Theorem 1's middle term)
 * @param lemma1Lhs         {@code s_i ||J_i||_F} of the sample with the largest Lemma-1 ratio
 * @param lemma1Rhs         {@code N ||∂g_i/∂W||_F} of that sample
 * @param theorem2Lhs       {@code log LVR_i} of the sample with the largest per-sample Theorem-2 ratio
 * @param theorem2Rhs       {@code (q/2) log(N² ||∂g_i/∂W||² / (q s_i²))} of that sample
 */
public record ScaleSummary(String scale, double norm, int zeroScales, double invSqMean, double gm, double min,
        double meanLogSq, double meanGradOverScale, double lemma1Lhs, double lemma1Rhs, double theorem2Lhs,
        double theorem2Rhs) {}
