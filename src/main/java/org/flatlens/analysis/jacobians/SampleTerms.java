package org.flatlens.analysis.jacobians;

/**
 * One sample's weight-gradient terms at one site, for its k effective outputs.
 *
 * @param weightSq     {@code ||∂g_c/∂W_l||_F²}, {@code [k]}
 * @param biasSq       {@code ||∂g_c/∂b_l||²}, {@code [k]} (zeros when the layer has no bias)
 * @param relativeGram {@code M[c][c'] = ⟨A_c, A_c'⟩} with {@code A_c = W_matᵀ ∂g_c/∂W_mat} ({@code k × k}): its trace is
 *                     this sample's term of the GGN relative flatness {@code κ^G_l} (THEORY.md Lemma 2), and
 *                     {@code sqrt(λ_max(M))} is {@code rel_mls} (THEORY.md §4)
 */
public record SampleTerms(double[] weightSq, double[] biasSq, double[][] relativeGram) {

    /** {@code ||∂g/∂W_l||_F² = Σ_c ||∂g_c/∂W_l||_F²}. */
    public double weightSqSum() {
        double s = 0;
        for (double v : weightSq) s += v;
        return s;
    }

    public double biasSqSum() {
        double s = 0;
        for (double v : biasSq) s += v;
        return s;
    }

    /** {@code Σ_c ||W_matᵀ ∂g_c/∂W_mat||_F² = Tr M}. */
    public double kappa() {
        double s = 0;
        for (int c = 0; c < relativeGram.length; c++) s += relativeGram[c][c];
        return s;
    }
}
