package org.flatlens.analysis.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products and row updates on vector lanes, for the small dense kernels of the analysis (per-sample Jacobian
 * products, QR and Jacobi of the spectra). Sums are formed in a fixed order (two vector accumulators, their lanes left to right, then the tail; never
 * {@code reduceLanes}, whose order is unspecified), so results depend only on the lengths.
 */
public final class Lanes {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private Lanes() {}

    /** {@code Σ_{i ∈ [from, to)} x[i] y[i]}. */
    public static double dot(double[] x, double[] y, int from, int to) {
        return dot(x, from, y, from, to - from);
    }

    /** {@code Σ_{j < len} x[xOff + j] y[yOff + j]}. */
    public static double dot(double[] x, int xOff, double[] y, int yOff, int len) {
        int j = 0;
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0;
        for (; j + 2 * L <= len; j += 2 * L) {
            a0 = DoubleVector.fromArray(S, x, xOff + j).fma(DoubleVector.fromArray(S, y, yOff + j), a0);
            a1 = DoubleVector.fromArray(S, x, xOff + j + L).fma(DoubleVector.fromArray(S, y, yOff + j + L), a1);
        }
        if (j + L <= len) {
            a0 = DoubleVector.fromArray(S, x, xOff + j).fma(DoubleVector.fromArray(S, y, yOff + j), a0);
            j += L;
        }
        DoubleVector a = a0.add(a1);
        double s = 0;
        for (int l = 0; l < L; l++) s += a.lane(l);
        for (; j < len; j++) s += x[xOff + j] * y[yOff + j];
        return s;
    }

    /** {@code Σ_{j < len} x[off + j]}, summed in the same order as {@link #dot}. */
    public static double sum(double[] x, int off, int len) {
        int j = 0;
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0;
        for (; j + 2 * L <= len; j += 2 * L) {
            a0 = a0.add(DoubleVector.fromArray(S, x, off + j));
            a1 = a1.add(DoubleVector.fromArray(S, x, off + j + L));
        }
        if (j + L <= len) {
            a0 = a0.add(DoubleVector.fromArray(S, x, off + j));
            j += L;
        }
        DoubleVector a = a0.add(a1);
        double s = 0;
        for (int l = 0; l < L; l++) s += a.lane(l);
        for (; j < len; j++) s += x[off + j];
        return s;
    }

    /** {@code Σ_{j < len} x[off + j]²}. */
    public static double sumSquares(double[] x, int off, int len) {
        return dot(x, off, x, off, len);
    }

    /** {@code y[i] −= s x[i]} for {@code i ∈ [from, to)}. */
    public static void subtractScaled(double s, double[] x, double[] y, int from, int to) {
        int i = from;
        DoubleVector sv = DoubleVector.broadcast(S, -s);
        for (; i + L <= to; i += L) {
            DoubleVector.fromArray(S, x, i).fma(sv, DoubleVector.fromArray(S, y, i)).intoArray(y, i);
        }
        for (; i < to; i++) y[i] -= s * x[i];
    }

    /** {@code x ← c x − s y}, {@code y ← s x + c y} over whole rows of equal length. */
    public static void rotate(double[] x, double[] y, double c, double s) {
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
