package org.flatlens.analysis.jacobians;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.flatlens.nn.SiteKind;
import org.flatlens.tensor.ConvOps;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * The table layer kind → {@link PatchView}. A site kind without an entry fails loudly: its per-sample quantities would
 * otherwise be wrong, not missing.
 */
public final class SiteRules {
    private static final Map<SiteKind, PatchView> VIEWS = table();

    private SiteRules() {}

    /** @throws IllegalArgumentException for a kind without a rule */
    public static PatchView view(SiteKind kind) {
        PatchView v = VIEWS.get(kind);
        if (v == null) throw new IllegalArgumentException("no per-sample gradient rule for site kind " + kind);
        return v;
    }

    private static Map<SiteKind, PatchView> table() {
        EnumMap<SiteKind, PatchView> m = new EnumMap<>(SiteKind.class);
        m.put(SiteKind.DENSE, new Direct());
        m.put(SiteKind.TOKEN, new Direct());
        m.put(SiteKind.CONV, new Conv());
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Dense ({@code P = hᵀ}, L = 1) and token ({@code P = H}, {@code [T, d]}) layers: everything is stored as is. */
    private static final class Direct implements PatchView {
        @Override
        public Slab patches(SiteBlock b, int i) {
            return new Slab(b.h().data(), b.hOffset(i));
        }

        @Override
        public Slab outputGrad(SiteBlock b, int i, int c, double[] scratch) {
            return new Slab(b.deltas()[c], b.deltaOffset(i));
        }

        /** {@code Δ_c W} is {@code ∂g_c/∂h} through this layer: the site Jacobian row already computed. */
        @Override
        public Slab patchGrad(SiteBlock b, int i, int c) {
            return new Slab(b.jacobians()[c], b.jacobianOffset(i));
        }

        @Override
        public Slab outputGradTransposed(SiteBlock b, int i, double[] scratch) {
            int k = b.outputs(), l = b.info().positions(), o = b.info().outFeatures();
            for (int c = 0; c < k; c++) {
                double[] d = b.deltas()[c];
                int off = b.deltaOffset(i);
                for (int p = 0; p < l; p++) {
                    for (int ch = 0; ch < o; ch++) scratch[(c * o + ch) * l + p] = d[off + p * o + ch];
                }
            }
            return new Slab(scratch, 0);
        }
    }

    /** Convolutions: P from im2col, Δ_c is δ_c {@code [O, Ho·Wo]} transposed, U_c is not stored. */
    private static final class Conv implements PatchView {
        @Override
        public Slab patches(SiteBlock b, int i) {
            SiteInfo s = b.info();
            int[] in = s.inputShape().dims();
            double[] hi = Arrays.copyOfRange(b.h().data(), b.hOffset(i), b.hOffset(i) + s.inputSize());
            Tensor x = new Tensor(Shape.of(1, in[0], in[1], in[2]), hi);
            int kk = s.conv().kernel();
            return new Slab(ConvOps.im2col(x, kk, kk, s.conv().stride(), s.conv().padding(), s.conv().dilation()).data(),
                    0);
        }

        @Override
        public Slab outputGrad(SiteBlock b, int i, int c, double[] scratch) {
            int o = b.info().outFeatures(), l = b.info().positions(), off = b.deltaOffset(i);
            double[] d = b.deltas()[c];
            for (int ch = 0; ch < o; ch++) {
                for (int p = 0; p < l; p++) scratch[p * o + ch] = d[off + ch * l + p];
            }
            return new Slab(scratch, 0);
        }

        @Override
        public Slab patchGrad(SiteBlock b, int i, int c) {
            return null;
        }

        /** Each δ_c is stored {@code [O, Ho, Wo]}, i.e. already {@code Δ_cᵀ}: stacked by copying whole blocks. */
        @Override
        public Slab outputGradTransposed(SiteBlock b, int i, double[] scratch) {
            int size = b.info().outputSize();
            for (int c = 0; c < b.outputs(); c++) System.arraycopy(b.deltas()[c], b.deltaOffset(i), scratch, c * size, size);
            return new Slab(scratch, 0);
        }
    }
}
