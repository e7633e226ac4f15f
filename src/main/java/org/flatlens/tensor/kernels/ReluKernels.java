package org.flatlens.tensor.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;

/** ReLU and its step on vector lanes (compare and blend), over one range of a parallel loop. */
public final class ReluKernels {
    private ReluKernels() {}

    /**
     * {@code out[i] = x[i] > 0 ? x[i] : 0} (relu), or {@code x[i] > 0 ? 1 : 0} (its step) when {@code step}; NaN maps
     * to 0. Vector compare-and-blend: the scalar branch mispredicts on about half of the activations.
     */
    public static void positivePart(double[] x, double[] out, int lo, int hi, boolean step) {
        var s = DoubleVector.SPECIES_PREFERRED;
        DoubleVector zero = DoubleVector.zero(s), one = DoubleVector.broadcast(s, 1.0);
        int i = lo, end = hi - s.length();
        if (step) {
            for (; i <= end; i += s.length()) {
                DoubleVector v = DoubleVector.fromArray(s, x, i);
                zero.blend(one, v.compare(VectorOperators.GT, 0.0)).intoArray(out, i);
            }
        } else {
            for (; i <= end; i += s.length()) {
                DoubleVector v = DoubleVector.fromArray(s, x, i);
                zero.blend(v, v.compare(VectorOperators.GT, 0.0)).intoArray(out, i);
            }
        }
        for (; i < hi; i++) out[i] = x[i] > 0 ? (step ? 1.0 : x[i]) : 0.0;
    }

    /** {@code out[i] = g[i]·step(x[i])} for {@code i ∈ [lo, hi)}; out may be g. Compare and blend, as above. */
    public static void stepTimes(double[] gs, double[] xs, double[] out, int lo, int hi) {
        var s = DoubleVector.SPECIES_PREFERRED;
        DoubleVector zero = DoubleVector.zero(s), one = DoubleVector.broadcast(s, 1.0);
        int i = lo, end = hi - s.length();
        for (; i <= end; i += s.length()) {
            DoubleVector step = zero.blend(one, DoubleVector.fromArray(s, xs, i).compare(VectorOperators.GT, 0.0));
            DoubleVector.fromArray(s, gs, i).mul(step).intoArray(out, i);
        }
        for (; i < hi; i++) out[i] = gs[i] * (xs[i] > 0 ? 1.0 : 0.0);
    }
}
