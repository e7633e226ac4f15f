package org.flatlens.analysis.compression;

/**
 * Everything about one site that the bounds of THEORY.md §5 need beyond the measures themselves.
 *
 * @param traceGgnLayer        {@code S_l = AM_i ||∂g_i/∂W_l||_F²}
 * @param relativeFlatness     {@code κ^G_l} (Lemma 2)
 * @param maxJacobianFrobenius {@code max_i ||J_i||_F} (Ma &amp; Ying's form)
 * @param meanNormSqMlsSq      {@code AM_i ||h_i||² σ_1(J_i)²}
 * @param meanNormSqEnergy     {@code AM_i ||h_i||² ||J_i||_F²} (equals {@code κ^G_l} for a dense layer)
 * @param meanRelMlsSq         {@code AM_i rel_mls_i²}
 * @param logSumVolumeSq       {@code log Σ_i LVR_i²} (−∞ when every LVR is 0)
 * @param theorem              the theorem form's scale summary
 * @param heuristic            the paper's heuristic form for weight-shared layers; null for dense layers
 */
public record SiteBoundTerms(double traceGgnLayer, double relativeFlatness, double maxJacobianFrobenius,
        double meanNormSqMlsSq, double meanNormSqEnergy, double meanRelMlsSq, double logSumVolumeSq,
        ScaleSummary theorem, ScaleSummary heuristic) {}
