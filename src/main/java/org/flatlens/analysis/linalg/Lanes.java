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
        double s = sumLanes(a0.add(a1));
        for (; j < len; j++) s += x[xOff + j] * y[yOff + j];
        return s;
    }

    /**
     * The Gram matrix of the k blocks {@code X_c = x[c·len .. (c+1)·len)}: {@code m[c][c'] = ⟨X_c, X_c'⟩}, each entry
     * with the bits of {@link #dot}, the upper triangle computed and mirrored (exactly symmetric). Four dots share each
     * load of {@code X_c}: a single dot waits on loads, two per multiply–add.
     *
     * @param m {@code k × k}, overwritten
     */
    public static void gram(double[] x, int k, int len, double[][] m) {
        for (int c = 0; c < k; c++) {
            int c2 = c;
            for (; c2 + 4 <= k; c2 += 4) dot4(x, c * len, c2 * len, len, m[c], c2);
            for (; c2 < k; c2++) m[c][c2] = dot(x, c * len, x, c2 * len, len);
            for (int j = c + 1; j < k; j++) m[j][c] = m[c][j];
        }
    }

    /** {@code out[at + q] = dot(x, xOff, x, yOff + q·len, len)} for {@code q < 4}, in one pass over {@code x[xOff..]}. */
    private static void dot4(double[] x, int xOff, int yOff, int len, double[] out, int at) {
        int y0 = yOff, y1 = y0 + len, y2 = y1 + len, y3 = y2 + len, j = 0;
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector a0 = z, a1 = z, b0 = z, b1 = z, c0 = z, c1 = z, d0 = z, d1 = z;
        for (; j + 2 * L <= len; j += 2 * L) {
            DoubleVector u = DoubleVector.fromArray(S, x, xOff + j), v = DoubleVector.fromArray(S, x, xOff + j + L);
            a0 = u.fma(DoubleVector.fromArray(S, x, y0 + j), a0);
            a1 = v.fma(DoubleVector.fromArray(S, x, y0 + j + L), a1);
            b0 = u.fma(DoubleVector.fromArray(S, x, y1 + j), b0);
            b1 = v.fma(DoubleVector.fromArray(S, x, y1 + j + L), b1);
            c0 = u.fma(DoubleVector.fromArray(S, x, y2 + j), c0);
            c1 = v.fma(DoubleVector.fromArray(S, x, y2 + j + L), c1);
            d0 = u.fma(DoubleVector.fromArray(S, x, y3 + j), d0);
            d1 = v.fma(DoubleVector.fromArray(S, x, y3 + j + L), d1);
        }
        if (j + L <= len) {
            DoubleVector u = DoubleVector.fromArray(S, x, xOff + j);
            a0 = u.fma(DoubleVector.fromArray(S, x, y0 + j), a0);
            b0 = u.fma(DoubleVector.fromArray(S, x, y1 + j), b0);
            c0 = u.fma(DoubleVector.fromArray(S, x, y2 + j), c0);
            d0 = u.fma(DoubleVector.fromArray(S, x, y3 + j), d0);
            j += L;
        }
        out[at] = finish(a0.add(a1), x, xOff, y0, j, len);
        out[at + 1] = finish(b0.add(b1), x, xOff, y1, j, len);
        out[at + 2] = finish(c0.add(c1), x, xOff, y2, j, len);
        out[at + 3] = finish(d0.add(d1), x, xOff, y3, j, len);
    }

    /** The lanes of {@code a} left to right, then the scalar tail {@code j..len}, as in {@link #dot}. */
    private static double finish(DoubleVector a, double[] x, int xOff, int yOff, int j, int len) {
        double s = sumLanes(a);
        for (; j < len; j++) s += x[xOff + j] * x[yOff + j];
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
        double s = sumLanes(a0.add(a1));
        for (; j < len; j++) s += x[off + j];
        return s;
    }

    /**
     * {@code 0 + a₀ + a₁ + …} for a vector of the preferred species, left to right. The common widths are spelt out
     * with constant lane indices: a loop over {@code lane(l)} goes through a switch per lane, which cost as much as the
     * products in the short dot products of the QR and bidiagonal reductions.
     */
    public static double sumLanes(DoubleVector a) {
        double s = 0;
        if (L == 8) {
            s += a.lane(0);
            s += a.lane(1);
            s += a.lane(2);
            s += a.lane(3);
            s += a.lane(4);
            s += a.lane(5);
            s += a.lane(6);
            s += a.lane(7);
        } else if (L == 4) {
            s += a.lane(0);
            s += a.lane(1);
            s += a.lane(2);
            s += a.lane(3);
        } else {
            for (int l = 0; l < L; l++) s += a.lane(l);
        }
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
