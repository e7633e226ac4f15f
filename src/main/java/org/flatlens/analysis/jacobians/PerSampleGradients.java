package org.flatlens.analysis.jacobians;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flatlens.analysis.linalg.Lanes;
import org.flatlens.nn.Parameters;
import org.flatlens.nn.SiteKind;
import org.flatlens.tensor.Parallel;

/**
 * Per-sample weight-gradient terms of every site, from h and δ alone (no per-sample weight gradient of the batch is
 * ever stored: each sample's {@code O × F} products live only while its terms are computed).
 *
 * <p>With {@link PatchView}'s {@code P} ({@code L × F}), {@code Δ_c} ({@code L × O}), {@code U_c = Δ_c W_mat}, the
 * weight gradient is {@code D_c = ∂g_c/∂W_mat = Δ_cᵀ P} and {@code A_c = W_matᵀ D_c = U_cᵀ P}. Two exact routes:
 * <ul>
 *   <li>Gram: with {@code K = P Pᵀ} ({@code L × L}), {@code ||D_c||² = ⟨K Δ_c, Δ_c⟩} and
 *       {@code ⟨A_c, A_c'⟩ = ⟨K U_c, U_c'⟩}. For a dense layer ({@code L = 1}, {@code K = ||h||²}) this is the
 *       rank-one identity {@code ||δ_c||² ||h||²}; it also suits token layers (few tokens, wide weights).</li>
 *   <li>Explicit: {@code D_c} and {@code A_c} formed, {@code O × F} and {@code F × F} (convolutions).</li>
 * </ul>
 * The cheaper route by a multiply–add count is used ({@link #gramRouteIsCheaper}); both are tested against full
 * per-sample backward passes.
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
                for (int i = lo; i < hi; i++) t[i] = terms(b, i, w, gramRouteIsCheaper(b.info(), b.outputs()));
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
        double[] p = view.patches(b, i);
        return gramRoute ? gramTerms(b, i, w, view, p) : explicitTerms(b, i, w, view, p);
    }

    /** With {@code K = P Pᵀ}: {@code ||D_c||² = ⟨K Δ_c, Δ_c⟩}, {@code ⟨A_c, A_c'⟩ = ⟨K U_c, U_c'⟩}. */
    private static SampleTerms gramTerms(SiteBlock b, int i, WeightMatrix w, PatchView view, double[] p) {
        int k = b.outputs(), l = b.info().positions(), f = b.info().fanIn(), o = b.info().outFeatures();
        double[] kmat = rowGram(p, l, f);
        double[] weightSq = new double[k], biasSq = new double[k];
        double[][] left = new double[k][], right = new double[k][];
        for (int c = 0; c < k; c++) {
            double[] delta = view.outputGrad(b, i, c);
            biasSq[c] = columnSumSquares(delta, l, o);
            weightSq[c] = Lanes.dot(Mat.mul(false, false, l, o, l, kmat, 0, delta, 0), 0, delta, 0, l * o);
            right[c] = view.patchGrad(b, i, c, w);
            left[c] = Mat.mul(false, false, l, f, l, kmat, 0, right[c], 0);
        }
        return new SampleTerms(weightSq, biasSq, gram(left, right));
    }

    /**
     * Explicitly: all {@code D_c = Δ_cᵀ P} in one product ({@code kO × F}); then {@code ⟨A_c, A_c'⟩} as
     * {@code ⟨D_c, Q D_c'⟩} with {@code Q = W Wᵀ} when {@code O ≤ F}, else from {@code A_c = Wᵀ D_c} ({@code F × F}).
     */
    private static SampleTerms explicitTerms(SiteBlock b, int i, WeightMatrix w, PatchView view, double[] p) {
        int k = b.outputs(), l = b.info().positions(), f = b.info().fanIn(), o = b.info().outFeatures();
        double[] dt = view.outputGradTransposed(b, i);
        double[] d = Mat.mul(false, false, k * o, f, l, dt, 0, p, 0);
        double[] weightSq = new double[k], biasSq = new double[k];
        double[][] left = new double[k][], right = new double[k][];
        double[] q = o <= f ? Mat.mul(false, true, o, o, f, w.data(), 0, w.data(), 0) : null;
        for (int c = 0; c < k; c++) {
            weightSq[c] = Lanes.sumSquares(d, c * o * f, o * f);
            biasSq[c] = rowSumSquares(dt, c * o, o, l);
            if (q != null) {
                right[c] = Arrays.copyOfRange(d, c * o * f, (c + 1) * o * f);
                left[c] = Mat.mul(false, false, o, f, o, q, 0, d, c * o * f);
            } else {
                left[c] = right[c] = Mat.mul(true, false, f, f, o, w.data(), 0, d, c * o * f);
            }
        }
        return new SampleTerms(weightSq, biasSq, gram(left, right));
    }

    /** {@code M[c][c'] = ⟨left_c, right_c'⟩}, symmetric by construction of the callers. */
    private static double[][] gram(double[][] left, double[][] right) {
        int k = left.length;
        double[][] m = new double[k][k];
        for (int c = 0; c < k; c++) {
            for (int c2 = c; c2 < k; c2++) m[c][c2] = m[c2][c] = Lanes.dot(left[c], 0, right[c2], 0, left[c].length);
        }
        return m;
    }

    /**
     * Whether the {@code K = P Pᵀ} route costs fewer multiply–adds than the explicit one for this site:
     * {@code L²F + kL²(O + F) + k²LF} (plus {@code kLOF} for a convolution's {@code U_c}) against
     * {@code kLOF + (k+1)O²F + k²OF} ({@code O ≤ F}) or {@code kLOF + kF²O + k²F²}.
     */
    static boolean gramRouteIsCheaper(SiteInfo s, int k) {
        double l = s.positions(), f = s.fanIn(), o = s.outFeatures();
        double patchGrad = s.kind() == SiteKind.CONV ? k * l * o * f : 0;
        double gram = l * l * f + k * l * l * (o + f) + (double) k * k * l * f + patchGrad;
        double relative = o <= f ? o * o * f * (k + 1.0) + (double) k * k * o * f : k * f * f * o + (double) k * k * f * f;
        return gram <= k * l * o * f + relative;
    }

    /** {@code ||h_i||²}. */
    public static double inputNormSquared(SiteBlock b, int i) {
        return Lanes.sumSquares(b.h().data(), b.hOffset(i), b.info().inputSize());
    }

    /** {@code Σ_r (Σ_j a[r][j])²} over rows {@code first..first+rows} of a row-major {@code a} with {@code cols} columns. */
    private static double rowSumSquares(double[] a, int first, int rows, int cols) {
        double s = 0;
        for (int r = first; r < first + rows; r++) {
            double row = 0;
            for (int j = 0; j < cols; j++) row += a[r * cols + j];
            s += row * row;
        }
        return s;
    }

    /**
     * {@code ||Δᵀ 1||²} for Δ {@code L × O}: the squared norm of the bias gradient (summed over positions). Rows are
     * added whole (contiguous, so the loop vectorises), in the same order as a column at a time.
     */
    private static double columnSumSquares(double[] delta, int l, int o) {
        double[] col = Arrays.copyOf(delta, o);
        for (int p = 1; p < l; p++) {
            for (int ch = 0; ch < o; ch++) col[ch] += delta[p * o + ch];
        }
        return Lanes.sumSquares(col, 0, o);
    }

    /**
     * {@code K = P Pᵀ} for P {@code L × F}, from its upper triangle: {@code L(L+1)/2} dot products of rows (a general
     * product of these few dozen rows costs more in packing than in arithmetic).
     */
    private static double[] rowGram(double[] p, int l, int f) {
        double[] k = new double[l * l];
        for (int i = 0; i < l; i++) {
            for (int j = i; j < l; j++) k[i * l + j] = k[j * l + i] = Lanes.dot(p, i * f, p, j * f, f);
        }
        return k;
    }
}
