package org.flatlens.analysis.jacobians;

import java.util.Arrays;
import org.flatlens.analysis.jacobians.PatchView.Slab;
import org.flatlens.analysis.linalg.HouseholderQr;
import org.flatlens.nn.SiteKind;
import org.flatlens.tensor.kernels.Lanes;
import org.flatlens.tensor.kernels.MatMul;
import org.flatlens.tensor.kernels.SmallGemm;

/**
 * The two routes of {@link PerSampleGradients} for one site: what its samples share (shapes, weight, for the explicit
 * route the R of {@code W_mat}) and, per thread, a {@link Scratch} that every sample reuses. All products run on the
 * calling thread.
 */
final class SiteTerms {
    private final SiteBlock b;
    private final WeightMatrix w;
    private final PatchView view;
    private final boolean patchRoute;
    /** Whether P, {@code Δ_c} and {@code U_c} are stored in the chunk as they are (every kind but convolutions). */
    private final boolean stored;
    private final int k, l, f, o;
    /** Rows of R: {@code min(L, F)} (patch route) or {@code min(O, F)} (explicit route). */
    private final int r;
    /** Explicit route: R of the QR of {@code W_matᵀ} ({@code r × O}), so {@code W_mat W_matᵀ = Rᵀ R}. */
    private final double[] weightR;

    SiteTerms(SiteBlock b, WeightMatrix w, boolean patchRoute) {
        this.b = b;
        this.w = w;
        this.view = SiteRules.view(b.info().kind());
        this.patchRoute = patchRoute;
        this.stored = b.info().kind() != SiteKind.CONV;
        this.k = b.outputs();
        this.l = b.info().positions();
        this.f = b.info().fanIn();
        this.o = b.info().outFeatures();
        this.r = patchRoute ? Math.min(l, f) : Math.min(o, f);
        this.weightR = patchRoute ? null : weightR(w);
    }

    /** One thread's buffers, sized for this site and route. */
    final class Scratch {
        /** Patch route: P's rows, reduced in place by the QR. */
        final double[][] rows = patchRoute ? new double[l][f] : null;
        /** Patch route: R of P ({@code r × L}). */
        final double[] patchR = patchRoute ? new double[r * l] : null;
        /**
         * {@code Δ_c} (patch route) or all {@code Δ_cᵀ} (explicit route), formed unless the chunk stores them as they
         * are: only a dense or token layer's {@code Δ_c} is (a convolution stores each {@code Δ_cᵀ} apart).
         */
        final double[] delta = new double[stored && patchRoute ? 0 : (patchRoute ? 1 : k) * l * o];
        /** Patch route: {@code R Δ_c} ({@code r × O}); explicit route: all {@code D_c} ({@code k·O × F}). */
        final double[] product = new double[patchRoute ? r * o : k * o * f];
        /** The k blocks whose Gram matrix is {@code ⟨A_c, A_c'⟩}: {@code R U_c} or {@code R D_c} ({@code r × F}). */
        final double[] blocks = new double[k * r * f];
        /** Bias gradient ({@code O}). */
        final double[] column = new double[o];
    }

    Scratch scratch() {
        return new Scratch();
    }

    SampleTerms terms(int i, Scratch s) {
        return patchRoute ? patchTerms(i, s) : explicitTerms(i, s);
    }

    /** R from P: {@code ||D_c||² = ||R Δ_c||²}, {@code ⟨A_c, A_c'⟩ = ⟨R U_c, R U_c'⟩}. */
    private SampleTerms patchTerms(int i, Scratch s) {
        Slab p = view.patches(b, i);
        for (int t = 0; t < l; t++) System.arraycopy(p.data(), p.offset() + t * f, s.rows[t], 0, f);
        HouseholderQr.reduce(s.rows);
        HouseholderQr.copyR(s.rows, s.patchR);
        double[] weightSq = new double[k], biasSq = new double[k];
        for (int c = 0; c < k; c++) {
            Slab d = view.outputGrad(b, i, c, s.delta);
            biasSq[c] = PerSampleGradients.columnSumSquares(d.data(), d.offset(), l, o, s.column);
            MatMul.upperTimes(r, l, s.patchR, o, d.data(), d.offset(), o, s.product, 0);
            weightSq[c] = Lanes.sumSquares(s.product, 0, r * o);
            Slab u = view.patchGrad(b, i, c);
            if (u != null) MatMul.upperTimes(r, l, s.patchR, f, u.data(), u.offset(), f, s.blocks, c * r * f);
            else SmallGemm.multiply(r, f, o, s.product, 0, o, 1, w.data(), 0, f, s.blocks, c * r * f, f);
        }
        return new SampleTerms(weightSq, biasSq, PerSampleGradients.gram(s.blocks, k, r * f));
    }

    /** All {@code D_c = Δ_cᵀ P} in one product ({@code kO × F}), then {@code ⟨A_c, A_c'⟩ = ⟨R D_c, R D_c'⟩}. */
    private SampleTerms explicitTerms(int i, Scratch s) {
        Slab p = view.patches(b, i);
        Slab dt = view.outputGradTransposed(b, i, s.delta);
        MatMul.multiply(k * o, f, l, dt.data(), dt.offset(), p.data(), p.offset(), s.product, 0);
        double[] weightSq = new double[k], biasSq = new double[k];
        for (int c = 0; c < k; c++) {
            weightSq[c] = Lanes.sumSquares(s.product, c * o * f, o * f);
            biasSq[c] = PerSampleGradients.rowSumSquares(dt.data(), dt.offset() + c * o * l, o, l);
            MatMul.upperTimes(r, o, weightR, f, s.product, c * o * f, f, s.blocks, c * r * f);
        }
        return new SampleTerms(weightSq, biasSq, PerSampleGradients.gram(s.blocks, k, r * f));
    }

    /** R ({@code min(O, F) × O}) of the QR of {@code W_matᵀ}, whose columns are W_mat's rows. */
    private static double[] weightR(WeightMatrix w) {
        int o = w.rows(), f = w.cols();
        double[][] rows = new double[o][];
        for (int i = 0; i < o; i++) rows[i] = Arrays.copyOfRange(w.data(), i * f, (i + 1) * f);
        HouseholderQr.reduce(rows);
        double[] rw = new double[Math.min(o, f) * o];
        HouseholderQr.copyR(rows, rw);
        return rw;
    }
}
