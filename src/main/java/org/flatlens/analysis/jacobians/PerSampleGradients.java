package org.flatlens.analysis.jacobians;

import java.util.ArrayList;
import java.util.List;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Parallel;

/**
 * Per-sample weight-gradient terms of every site, from h and δ alone (no per-sample weight gradient of the batch is
 * ever stored: each sample's {@code O × F} products live only while its terms are computed).
 *
 * <p>With {@link PatchView}'s {@code P} ({@code L × F}), {@code Δ_c} ({@code L × O}), {@code U_c = Δ_c W_mat}, the
 * weight gradient is {@code D_c = ∂g_c/∂W_mat = Δ_cᵀ P} and {@code A_c = W_matᵀ D_c = U_cᵀ P}. Two exact routes:
 * <ul>
 *   <li>{@code L ≤ F} (dense layers, tokens, late convolutions): with {@code K = P Pᵀ} ({@code L × L}),
 *       {@code ||D_c||² = ⟨K Δ_c, Δ_c⟩} and {@code ⟨A_c, A_c'⟩ = ⟨K U_c, U_c'⟩}. For a dense layer ({@code L = 1},
 *       {@code K = ||h||²}) this is the rank-one identity {@code ||δ_c||² ||h||²}.</li>
 *   <li>{@code L > F} (early convolutions): {@code D_c} and {@code A_c} formed explicitly, {@code O × F} and
 *       {@code F × F}.</li>
 * </ul>
 * Both are tested against full per-sample backward passes.
 */
public final class PerSampleGradients {
    private PerSampleGradients() {}

    /**
     * The terms of every site and sample of a chunk, computed in parallel over samples.
     *
     * @return one array per site (forward order), indexed by sample
     */
    public static List<SampleTerms[]> compute(ChunkJacobians chunk, Parameters params) {
        List<SampleTerms[]> out = new ArrayList<>();
        for (SiteBlock b : chunk.sites()) {
            WeightMatrix w = WeightMatrix.of(params.get(b.info().weight()));
            SampleTerms[] t = new SampleTerms[b.samples()];
            Parallel.forRange(b.samples(), 4, (lo, hi) -> {
                for (int i = lo; i < hi; i++) t[i] = terms(b, i, w, b.info().positions() <= b.info().fanIn());
            });
            out.add(t);
        }
        return out;
    }

    /**
     * One sample's terms.
     *
     * @param gramRoute use the {@code K = P Pᵀ} route (else the explicit one); both are exact
     */
    static SampleTerms terms(SiteBlock b, int i, WeightMatrix w, boolean gramRoute) {
        PatchView view = SiteRules.view(b.info().kind());
        int k = b.outputs(), l = b.info().positions(), f = b.info().fanIn(), o = b.info().outFeatures();
        double[] p = view.patches(b, i);
        double[][] delta = new double[k][];
        double[] weightSq = new double[k], biasSq = new double[k];
        for (int c = 0; c < k; c++) {
            delta[c] = view.outputGrad(b, i, c);
            biasSq[c] = columnSumSquares(delta[c], l, o);
        }
        double[][] rel = new double[k][k];
        double[][] left = new double[k][], right = new double[k][];
        if (gramRoute) {
            double[] kmat = Mat.mul(false, true, l, l, f, p, 0, p, 0);
            for (int c = 0; c < k; c++) {
                weightSq[c] = Mat.dot(Mat.mul(false, false, l, o, l, kmat, 0, delta[c], 0), 0, delta[c], 0, l * o);
                right[c] = view.patchGrad(b, i, c, w);
                left[c] = Mat.mul(false, false, l, f, l, kmat, 0, right[c], 0);
            }
        } else {
            for (int c = 0; c < k; c++) {
                double[] d = Mat.mul(true, false, o, f, l, delta[c], 0, p, 0);
                weightSq[c] = Mat.sumSquares(d, 0, d.length);
                left[c] = right[c] = Mat.mul(true, false, f, f, o, w.data(), 0, d, 0);
            }
        }
        for (int c = 0; c < k; c++) {
            for (int c2 = c; c2 < k; c2++) rel[c][c2] = rel[c2][c] = Mat.dot(left[c], 0, right[c2], 0, left[c].length);
        }
        return new SampleTerms(weightSq, biasSq, rel);
    }

    /**
     * {@code ρ(P_i)² = λ_min(P_i P_iᵀ)} (THEORY.md §5, convolution paragraph): {@code ||h_i||²} for a dense layer, exactly 0
     * when there are more positions than fan-in ({@code P Pᵀ} is then singular), clamped at 0 against rounding.
     */
    public static double rhoSquared(SiteBlock b, int i) {
        int l = b.info().positions(), f = b.info().fanIn();
        if (l > f) return 0;
        double[] p = SiteRules.view(b.info().kind()).patches(b, i);
        if (l == 1) return Mat.sumSquares(p, 0, p.length);
        return Math.max(0, ExtremeEigenvalues.smallest(Mat.mul(false, true, l, l, f, p, 0, p, 0), l));
    }

    /** {@code ||h_i||²}. */
    public static double inputNormSquared(SiteBlock b, int i) {
        return Mat.sumSquares(b.h().data(), b.hOffset(i), b.info().inputSize());
    }

    /** {@code ||Δᵀ 1||²} for Δ {@code L × O}: the squared norm of the bias gradient (summed over positions). */
    private static double columnSumSquares(double[] delta, int l, int o) {
        double s = 0;
        for (int ch = 0; ch < o; ch++) {
            double col = 0;
            for (int p = 0; p < l; p++) col += delta[p * o + ch];
            s += col * col;
        }
        return s;
    }
}
