package org.flatlens.tensor.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two row kernels of {@code ExtremeEigenvalues}'s Householder reduction on vector lanes. Sums are formed in a fixed
 * order (lane by lane, left to right, then the tail), so results depend only on the shapes.
 */
public final class TriangleKernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = S.length();

    private TriangleKernels() {}

    /** {@code p[j] += a[j]·s} for {@code j ∈ [from, to)}; returns {@code Σ a[j] x[j]} over the same range. */
    public static double dotAndAxpy(double[] a, double[] x, double[] p, int from, int to, double s) {
        int j = from, bound = from + S.loopBound(to - from);
        DoubleVector acc = DoubleVector.zero(S), sv = DoubleVector.broadcast(S, s);
        for (; j < bound; j += LANES) {
            DoubleVector av = DoubleVector.fromArray(S, a, j);
            acc = av.fma(DoubleVector.fromArray(S, x, j), acc);
            av.fma(sv, DoubleVector.fromArray(S, p, j)).intoArray(p, j);
        }
        double sum = Lanes.sumLanes(acc);
        for (; j < to; j++) {
            sum += a[j] * x[j];
            p[j] += a[j] * s;
        }
        return sum;
    }

    /** {@code a[j] −= vi·w[j] + wi·v[j]} for {@code j ∈ [from, to)}. */
    public static void rank2(double[] a, double[] v, double[] w, int from, int to, double vi, double wi) {
        int j = from, bound = from + S.loopBound(to - from);
        for (; j < bound; j += LANES) {
            DoubleVector upd = DoubleVector.fromArray(S, w, j).mul(vi).add(DoubleVector.fromArray(S, v, j).mul(wi));
            DoubleVector.fromArray(S, a, j).sub(upd).intoArray(a, j);
        }
        for (; j < to; j++) a[j] -= vi * w[j] + wi * v[j];
    }
}
