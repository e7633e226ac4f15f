package org.flatlens.analysis.compression;

/**
 * The compression measures of one representation site (THEORY.md §3–4), aggregated over samples.
 *
 * @param name          {@code input} for the first site, else the layer prefix (THEORY.md §7)
 * @param layer         the layer's parameter prefix
 * @param kind          {@code dense}, {@code conv} or {@code token}
 * @param weight        the weight's parameter name
 * @param inputSize     {@code dim h}
 * @param positions     L (1 for dense layers)
 * @param fanIn         F
 * @param rank          {@code r = min(rank R, dim h)}
 * @param volumeRank    q, the rank used by {@code log_volume} (the requested rank clamped to r)
 * @param mls           {@code σ_1(J_i)}
 * @param logVolume     {@code Σ_{j≤q} log σ_j(J_i)} (−∞ when rank-deficient)
 * @param localDim      participation ratio {@code (Σσ²)²/Σσ⁴}
 * @param jacobianEnergy {@code ||J_i||_F²}
 * @param relMls        {@code rel_mls_i}
 * @param norm          {@code ||h_i||}
 * @param rho           {@code ρ(P_i)} for convolution and token sites (0 when L &gt; F), null for dense sites
 * @param weightNorms   the layer's weight norms
 * @param bounds        the extra terms the bounds need
 * @param localDimMc    {@code local_dim_mc} (input site only, when Monte Carlo is enabled; else null)
 * @param mlsMc         {@code mls_mc} (likewise)
 */
public record SiteMeasures(String name, String layer, String kind, String weight, int inputSize, int positions,
        int fanIn, int rank, int volumeRank, Aggregate mls, Aggregate logVolume, Aggregate localDim,
        Aggregate jacobianEnergy, Aggregate relMls, NormSummary norm, Aggregate rho, WeightNorms weightNorms,
        SiteBoundTerms bounds, Aggregate localDimMc, Aggregate mlsMc) {

    /** Whether this is a weight-shared (convolution or token) site, whose theorem form uses ρ(P). */
    public boolean weightShared() {
        return !"dense".equals(kind);
    }
}
