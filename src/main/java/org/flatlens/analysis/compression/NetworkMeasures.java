package org.flatlens.analysis.compression;

/**
 * Network-wide measures over every linear-layer site, the input site included, each counted once (THEORY.md §4, §7),
 * with the terms of Theorem 3.
 *
 * @param samples               n
 * @param nmls                  {@code NMLS_i = Σ_l σ_1(J_{l,i})}
 * @param nvr                   {@code Σ_l AM_i log LVR_{l,i}}
 * @param harm                  the theorem form {@code Σ_l N_l² / s_{l,i}²}: dense {@code ||W||_2²/||h||²}, token
 *                              {@code ||W||_2²/ρ²}, convolution {@code ||T(W)||_2²/ρ²} (+∞ when some ρ is 0)
 * @param harmPaper             the paper's form {@code Σ_l N_l²/||h_{l,i}||²} with {@code N = sqrt(L)||W||_F} for
 *                              convolutions (a heuristic when the network has weight-shared layers)
 * @param traceGgn              {@code Tr G}, over all parameters
 * @param traceGgnStdErr        its standard error over samples
 * @param sumTraceGgnLayers     {@code Σ_l S_l}
 * @param sumKappaOverNormSq    {@code Σ_l κ^G_l / ||W_l||_2²}
 * @param sumRelMlsSqOverNormSq {@code Σ_l AM_i rel_mls_{l,i}² / ||W_l||_2²}
 * @param theorem3Lhs           {@code NMLS_i} of the sample with the largest per-sample Theorem-3 ratio
 * @param theorem3Rhs           {@code sqrt(Σ_l N_l²/s_{l,i}²) · sqrt(Σ_l ||∂g_i/∂W_l||²)} of that sample
 * @param theorem3PaperLhs      as {@code theorem3Lhs} for the paper's form
 * @param theorem3PaperRhs      as {@code theorem3Rhs} for the paper's form
 * @param weightShared          whether any site is a convolution or token layer (then the paper's form is heuristic)
 * @param vacuousSites          sites where some sample has a zero scale ({@code ρ(P) = 0}, or {@code h = 0}): the
 *                              theorem form is then vacuous
 * @param harmPaperCode         the paper code's own {@code harm}, {@code AM_i Σ_l N_l² / (||h_{l,i}||² + 1e-4)} with
 *                              {@code N = ||W||_2} in a plain MLP and, in any other network, {@code ||W||_F} for dense
 *                              and token layers and {@code sqrt(L)||W||_F} for convolutions (not a theorem's term)
 * @param sumSpectralSq         {@code Σ_l ||W_l||_2²} over every site's weight matrix: the paper code's plotted bound D
 *                              multiplies by its square root where Theorem 1 has the first layer's {@code ||W_1||_2}
 */
public record NetworkMeasures(int samples, Aggregate nmls, double nvr, Aggregate harm, Aggregate harmPaper,
        double traceGgn, double traceGgnStdErr, double sumTraceGgnLayers, double sumKappaOverNormSq,
        double sumRelMlsSqOverNormSq, double theorem3Lhs, double theorem3Rhs, double theorem3PaperLhs,
        double theorem3PaperRhs, boolean weightShared, int vacuousSites, Aggregate harmPaperCode,
        double sumSpectralSq) {}
