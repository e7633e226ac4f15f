package org.flatlens.analysis.compression;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products and row updates of the per-sample spectra ({@link JacobianSpectrum}, {@link RowJacobi}) on vector
 * lanes. Sums are formed in a fixed order (two vector accumulators, their lanes left to right, then the tail; never
 * {@code reduceLanes}, whose order is unspecified), so results depend only on the lengths.
 */
final class Lanes {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private Lanes() {}

    /** {@code Σ_{i ∈ [from, to)} x[i] y[i]}. */
    static double dot(double[] x, double[] y, int from, int to) {
        int i = from;
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0;
        for (; i + 2 * L <= to; i += 2 * L) {
            a0 = DoubleVector.fromArray(S, x, i).fma(DoubleVector.fromArray(S, y, i), a0);
            a1 = DoubleVector.fromArray(S, x, i + L).fma(DoubleVector.fromArray(S, y, i + L), a1);
        }
        if (i + L <= to) {
            a0 = DoubleVector.fromArray(S, x, i).fma(DoubleVector.fromArray(S, y, i), a0);
            i += L;
        }
        DoubleVector a = a0.add(a1);
        double s = 0;
        for (int l = 0; l < L; l++) s += a.lane(l);
        for (; i < to; i++) s += x[i] * y[i];
        return s;
    }

    /** {@code y[i] −= s x[i]} for {@code i ∈ [from, to)}. */
    static void subtractScaled(double s, double[] x, double[] y, int from, int to) {
        int i = from;
        DoubleVector sv = DoubleVector.broadcast(S, -s);
        for (; i + L <= to; i += L) {
            DoubleVector.fromArray(S, x, i).fma(sv, DoubleVector.fromArray(S, y, i)).intoArray(y, i);
        }
        for (; i < to; i++) y[i] -= s * x[i];
    }

    /** {@code x ← c x − s y}, {@code y ← s x + c y} over whole rows of equal length. */
    static void rotate(double[] x, double[] y, double c, double s) {
        int n = x.length, i = 0;
        for (; i + L <= n; i += L) {
            DoubleVector xv = DoubleVector.fromArray(S, x, i), yv = DoubleVector.fromArray(S, y, i);
            xv.mul(c).sub(yv.mul(s)).intoArray(x, i);
            xv.mul(s).add(yv.mul(c)).intoArray(y, i);
        }
        for (; i < n; i++) {
            double xi = x[i], yi = y[i];
            x[i] = c * xi - s * yi;
            y[i] = s * xi + c * yi;
        }
    }
}
