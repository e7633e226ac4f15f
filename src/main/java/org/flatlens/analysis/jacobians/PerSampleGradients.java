package org.flatlens.analysis.jacobians;

import java.util.ArrayList;
import java.util.List;
import org.flatlens.analysis.jacobians.PatchView.Slab;
import org.flatlens.analysis.linalg.HouseholderQr;
import org.flatlens.tensor.kernels.Lanes;
import org.flatlens.nn.Parameters;
import org.flatlens.nn.SiteKind;
import org.flatlens.tensor.kernels.Parallel;

/**
 * Per-sample weight-gradient terms of every site, from h and δ alone (no per-sample weight gradient of the batch is
 * ever stored: each sample's products live only in one thread's scratch while its terms are computed).
 *
 * <p>With {@link PatchView}'s {@code P} ({@code L × F}), {@code Δ_c} ({@code L × O}), {@code U_c = Δ_c W_mat}, the
 * weight gradient is {@code D_c = ∂g_c/∂W_mat = Δ_cᵀ P} and {@code A_c = W_matᵀ D_c = U_cᵀ P}. Two exact routes, each
 * through the R factor of a Householder QR ({@link HouseholderQr}): {@code Xᵀ = Q R} gives {@code X Xᵀ = Rᵀ R}, so
 * {@code ⟨X Xᵀ B, C⟩ = ⟨R B, R C⟩}, with R upper trapezoidal ({@code min} of X's sides {@code × rows of X}) and at
 * the backward error {@code ε ||X||} of the reflections rather than the {@code ε ||X||²} of forming {@code X Xᵀ}:
 * <ul>
 *   <li>Patch route, R from P ({@code P Pᵀ = Rᵀ R}): {@code ||D_c||² = ||R Δ_c||²} and
 *       {@code ⟨A_c, A_c'⟩ = ⟨R U_c, R U_c'⟩}, where {@code R U_c = (R Δ_c) W_mat} when U_c is not stored. For a dense
 *       layer ({@code L = 1}, {@code R = ±||h||}) this is the rank-one identity {@code ||δ_c||² ||h||²}; it suits
 *       token layers (few tokens, wide weights).</li>
 *   <li>Explicit route, R from {@code W_mat} ({@code W_mat W_matᵀ = Rᵀ R}, once per site): all {@code D_c} formed
 *       ({@code O × F}, convolutions), then {@code ⟨A_c, A_c'⟩ = ⟨R D_c, R D_c'⟩}.</li>
 * </ul>
 * The cheaper route by a multiply–add count is used ({@link #gramRouteIsCheaper}); both are tested against full
 * per-sample backward passes.
 */
public final class PerSampleGradients {
    /** Samples per parallel task: each task allocates one scratch, which its samples share. */
    private static final int GRAIN = 8;

    private PerSampleGradients() {}

    /**
     * The terms of every site and sample of a chunk, computed in parallel over samples.
     *
     * @return one array per site (forward order), indexed by sample
     */
    public static List<SampleTerms[]> compute(ChunkJacobians chunk, Parameters params) {
        List<SampleTerms[]> out = new ArrayList<>();
        for (SiteBlock b : chunk.sites()) out.add(ofSite(b, WeightMatrix.of(params.get(b.info().weight()))));
        return out;
    }

    /**
     * The terms of one site's samples, in parallel over samples (one scratch per task of {@value #GRAIN} samples).
     *
     * @param w the site's weight as {@code W_mat}
     * @return indexed by sample
     */
    public static SampleTerms[] ofSite(SiteBlock b, WeightMatrix w) {
        SiteTerms site = new SiteTerms(b, w, gramRouteIsCheaper(b.info(), b.outputs()));
        SampleTerms[] t = new SampleTerms[b.samples()];
        Parallel.forRange(b.samples(), GRAIN, (lo, hi) -> {
            SiteTerms.Scratch s = site.scratch();
            for (int i = lo; i < hi; i++) t[i] = site.terms(i, s);
        });
        return t;
    }

    /**
     * One sample's terms.
     *
     * @param gramRoute use the patch route (R from P; else the explicit one); both are exact
     */
    static SampleTerms terms(SiteBlock b, int i, WeightMatrix w, boolean gramRoute) {
        SiteTerms site = new SiteTerms(b, w, gramRoute);
        return site.terms(i, site.scratch());
    }

    /**
     * Whether the patch route costs fewer multiply–adds than the explicit one for this site. With {@code r = min(L, F)}
     * and {@code tri(m, n)} the cost of R ({@code min(m, ·) × m}, trapezoidal) times an {@code m × n} matrix: the patch
     * route costs the QR of P, {@code k·tri(L, O)} for {@code R Δ_c}, {@code k·tri(L, F)} for {@code R U_c} (or
     * {@code k·r·O·F} for {@code (R Δ_c) W} when U_c is not stored) and {@code k(k+1)/2 · r·F} for the Gram matrix; the
     * explicit one {@code k·L·O·F} for the {@code D_c}, {@code k·tri(O, F)} for {@code R D_c} and
     * {@code k(k+1)/2 · min(O, F)·F}.
     */
    static boolean gramRouteIsCheaper(SiteInfo s, int k) {
        double l = s.positions(), f = s.fanIn(), o = s.outFeatures(), r = Math.min(l, f), pairs = k * (k + 1) / 2.0;
        double stored = s.kind() == SiteKind.CONV ? r * o * f : triangular(s.positions(), s.fanIn()) * f;
        double patch = qrCost(s.positions(), s.fanIn()) + k * (triangular(s.positions(), s.fanIn()) * o + stored)
                + pairs * r * f;
        double explicit = k * l * o * f + k * triangular(s.outFeatures(), s.fanIn()) * f + pairs * Math.min(o, f) * f;
        return patch <= explicit;
    }

    /** Entries on or above the diagonal of the R ({@code min(m, d) × m}) of m rows of length d. */
    static double triangular(int m, int d) {
        double r = Math.min(m, d);
        return r * m - r * (r - 1) / 2;
    }

    /** Multiply–adds of {@link HouseholderQr#reduce} on m rows of length d: a dot and an update per row pair. */
    private static double qrCost(int m, int d) {
        double s = 0;
        for (int c = 0; c < Math.min(m, d); c++) s += (2.0 * (m - 1 - c) + 1) * (d - c);
        return s;
    }

    /** {@code ||h_i||²}. */
    public static double inputNormSquared(SiteBlock b, int i) {
        return Lanes.sumSquares(b.h().data(), b.hOffset(i), b.info().inputSize());
    }

    /** {@code M[c][c'] = ⟨X_c, X_c'⟩} for the k blocks {@code X_c = x[c·len .. (c+1)·len)}; exactly symmetric. */
    static double[][] gram(double[] x, int k, int len) {
        double[][] m = new double[k][k];
        Lanes.gram(x, k, len, m);
        return m;
    }

    /** {@code Σ_r (Σ_j a[r][j])²} over {@code rows} rows from {@code first}, each {@code cols} long and contiguous. */
    static double rowSumSquares(double[] a, int first, int rows, int cols) {
        double s = 0;
        for (int r = 0; r < rows; r++) {
            double row = Lanes.sum(a, first + r * cols, cols);
            s += row * row;
        }
        return s;
    }

    /**
     * {@code ||Δᵀ 1||²} for Δ {@code L × O} at {@code off}: the squared norm of the bias gradient (summed over
     * positions), the column sums by {@link Lanes#columnSums}.
     */
    static double columnSumSquares(double[] delta, int off, int l, int o, double[] col) {
        Lanes.columnSums(delta, off, l, o, col);
        return Lanes.sumSquares(col, 0, o);
    }
}
