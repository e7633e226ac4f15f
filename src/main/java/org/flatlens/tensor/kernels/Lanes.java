package org.flatlens.tensor.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products, sums and row updates on vector lanes, for the small dense kernels of the analysis (per-sample Jacobian
 * products, QR and Jacobi of the spectra). Sums are formed in a fixed order (two vector accumulators, their lanes left
 * to right, then the tail; never {@code reduceLanes}, whose order is unspecified), so results depend only on the
 * lengths.
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
            for (; c2 + 4 <= k; c2 += 4) selfDot4(x, c * len, c2 * len, len, m[c], c2);
            for (; c2 < k; c2++) m[c][c2] = dot(x, c * len, x, c2 * len, len);
            for (int j = c + 1; j < k; j++) m[j][c] = m[c][j];
        }
    }

    /** {@code out[at + q] = dot(x, xOff, x, yOff + q·len, len)} for {@code q < 4}, in one pass over {@code x[xOff..]}. */
    private static void selfDot4(double[] x, int xOff, int yOff, int len, double[] out, int at) {
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

    /**
     * {@code out[q] = dot(x, y_q, from, to)} for the four rows {@code y_0 … y_3}, each with the bits of {@link #dot},
     * in one pass over x: the per-row dots of the QR and bidiagonal reductions otherwise reload the shared Householder
     * vector and pay the loop setup and tail once per row.
     */
    public static void dot4(double[] x, double[] y0, double[] y1, double[] y2, double[] y3, int from, int to,
            double[] out) {
        int len = to - from, j = 0;
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector a0 = z, a1 = z, b0 = z, b1 = z, c0 = z, c1 = z, d0 = z, d1 = z;
        for (; j + 2 * L <= len; j += 2 * L) {
            int i = from + j;
            DoubleVector u = DoubleVector.fromArray(S, x, i), v = DoubleVector.fromArray(S, x, i + L);
            a0 = u.fma(DoubleVector.fromArray(S, y0, i), a0);
            a1 = v.fma(DoubleVector.fromArray(S, y0, i + L), a1);
            b0 = u.fma(DoubleVector.fromArray(S, y1, i), b0);
            b1 = v.fma(DoubleVector.fromArray(S, y1, i + L), b1);
            c0 = u.fma(DoubleVector.fromArray(S, y2, i), c0);
            c1 = v.fma(DoubleVector.fromArray(S, y2, i + L), c1);
            d0 = u.fma(DoubleVector.fromArray(S, y3, i), d0);
            d1 = v.fma(DoubleVector.fromArray(S, y3, i + L), d1);
        }
        if (j + L <= len) {
            int i = from + j;
            DoubleVector u = DoubleVector.fromArray(S, x, i);
            a0 = u.fma(DoubleVector.fromArray(S, y0, i), a0);
            b0 = u.fma(DoubleVector.fromArray(S, y1, i), b0);
            c0 = u.fma(DoubleVector.fromArray(S, y2, i), c0);
            d0 = u.fma(DoubleVector.fromArray(S, y3, i), d0);
            j += L;
        }
        double s0 = sumLanes(a0.add(a1)), s1 = sumLanes(b0.add(b1));
        double s2 = sumLanes(c0.add(c1)), s3 = sumLanes(d0.add(d1));
        for (int i = from + j; i < to; i++) {
            double xi = x[i];
            s0 += xi * y0[i];
            s1 += xi * y1[i];
            s2 += xi * y2[i];
            s3 += xi * y3[i];
        }
        out[0] = s0;
        out[1] = s1;
        out[2] = s2;
        out[3] = s3;
    }

    /**
     * {@link #subtractScaled} of x from the two rows, then {@link #dot} of each updated row with u ({@code out[q] =
     * ⟨y_q, u⟩} over {@code [from, to)}), with the bits of the separate calls, in one pass over the rows instead of
     * two: the dot's lanes start at {@code from} like the update's, so every updated vector goes straight into its
     * accumulator. Two rows, not four: C2 stopped inlining the four-row version's vector operations (its inlining
     * budget ran out), which then boxed every vector. The rows must not alias x, u or each other.
     */
    public static void subtractScaledDot2(double s0, double s1, double[] x, double[] u, double[] y0, double[] y1,
            int from, int to, double[] out) {
        int len = to - from, j = 0;
        DoubleVector t0 = DoubleVector.broadcast(S, -s0), t1 = DoubleVector.broadcast(S, -s1);
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, b0 = a0, b1 = a0;
        for (; j + 2 * L <= len; j += 2 * L) {
            int i = from + j, k = i + L;
            DoubleVector xv = DoubleVector.fromArray(S, x, i), xw = DoubleVector.fromArray(S, x, k);
            DoubleVector uv = DoubleVector.fromArray(S, u, i), uw = DoubleVector.fromArray(S, u, k);
            DoubleVector p = xv.fma(t0, DoubleVector.fromArray(S, y0, i));
            DoubleVector q = xw.fma(t0, DoubleVector.fromArray(S, y0, k));
            p.intoArray(y0, i);
            q.intoArray(y0, k);
            a0 = uv.fma(p, a0);
            a1 = uw.fma(q, a1);
            p = xv.fma(t1, DoubleVector.fromArray(S, y1, i));
            q = xw.fma(t1, DoubleVector.fromArray(S, y1, k));
            p.intoArray(y1, i);
            q.intoArray(y1, k);
            b0 = uv.fma(p, b0);
            b1 = uw.fma(q, b1);
        }
        if (j + L <= len) {
            int i = from + j;
            DoubleVector xv = DoubleVector.fromArray(S, x, i), uv = DoubleVector.fromArray(S, u, i);
            DoubleVector p = xv.fma(t0, DoubleVector.fromArray(S, y0, i));
            DoubleVector q = xv.fma(t1, DoubleVector.fromArray(S, y1, i));
            p.intoArray(y0, i);
            q.intoArray(y1, i);
            a0 = uv.fma(p, a0);
            b0 = uv.fma(q, b0);
            j += L;
        }
        double r0 = sumLanes(a0.add(a1)), r1 = sumLanes(b0.add(b1));
        for (int i = from + j; i < to; i++) {
            double xi = x[i], ui = u[i];
            r0 += (y0[i] -= s0 * xi) * ui;
            r1 += (y1[i] -= s1 * xi) * ui;
        }
        out[0] = r0;
        out[1] = r1;
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

    /**
     * {@code y_q[i] −= s_q x[i]} for {@code q < 4} and {@code i ∈ [from, to)}: four {@link #subtractScaled} calls,
     * each element of each row rounded exactly as there, sharing the loads of x. The rows must not alias x or each
     * other.
     */
    public static void subtractScaled4(double s0, double s1, double s2, double s3, double[] x, double[] y0,
            double[] y1, double[] y2, double[] y3, int from, int to) {
        int i = from;
        DoubleVector t0 = DoubleVector.broadcast(S, -s0), t1 = DoubleVector.broadcast(S, -s1);
        DoubleVector t2 = DoubleVector.broadcast(S, -s2), t3 = DoubleVector.broadcast(S, -s3);
        for (; i + L <= to; i += L) {
            DoubleVector xv = DoubleVector.fromArray(S, x, i);
            xv.fma(t0, DoubleVector.fromArray(S, y0, i)).intoArray(y0, i);
            xv.fma(t1, DoubleVector.fromArray(S, y1, i)).intoArray(y1, i);
            xv.fma(t2, DoubleVector.fromArray(S, y2, i)).intoArray(y2, i);
            xv.fma(t3, DoubleVector.fromArray(S, y3, i)).intoArray(y3, i);
        }
        for (; i < to; i++) {
            double xi = x[i];
            y0[i] -= s0 * xi;
            y1[i] -= s1 * xi;
            y2[i] -= s2 * xi;
            y3[i] -= s3 * xi;
        }
    }

    /**
     * {@code y[i] −= s_0 x_0[i]}, then {@code − s_1 x_1[i]}, {@code − s_2 x_2[i]}, {@code − s_3 x_3[i]}, for
     * {@code i ∈ [from, to)}: four {@link #subtractScaled} calls in that order, each element rounded exactly as there,
     * with one load and store of y instead of four. y must not alias the rows x_q.
     */
    public static void subtractScaledSum4(double s0, double s1, double s2, double s3, double[] x0, double[] x1,
            double[] x2, double[] x3, double[] y, int from, int to) {
        int i = from;
        DoubleVector t0 = DoubleVector.broadcast(S, -s0), t1 = DoubleVector.broadcast(S, -s1);
        DoubleVector t2 = DoubleVector.broadcast(S, -s2), t3 = DoubleVector.broadcast(S, -s3);
        for (; i + L <= to; i += L) {
            DoubleVector yv = DoubleVector.fromArray(S, x0, i).fma(t0, DoubleVector.fromArray(S, y, i));
            yv = DoubleVector.fromArray(S, x1, i).fma(t1, yv);
            yv = DoubleVector.fromArray(S, x2, i).fma(t2, yv);
            DoubleVector.fromArray(S, x3, i).fma(t3, yv).intoArray(y, i);
        }
        for (; i < to; i++) {
            double yi = y[i];
            yi -= s0 * x0[i];
            yi -= s1 * x1[i];
            yi -= s2 * x2[i];
            y[i] = yi - s3 * x3[i];
        }
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

    /**
     * {@code col[ch] = Σ_p Δ[p][ch]} for Δ {@code L × O} row-major at {@code off} ({@code col} of length ≥ O is
     * overwritten). Each column sum is formed top to bottom, {@code ((Δ_0 + Δ_1) + Δ_2) + …}; four vectors of columns
     * stay in registers over all rows (the scalar loop {@code col[ch] += Δ[p][ch]} loaded and stored col once per row
     * and showed as 3% of a ViT analysis), with the same additions in the same order, so the same bits.
     */
    public static void columnSums(double[] delta, int off, int l, int o, double[] col) {
        int ch = 0;
        for (; ch + 4 * L <= o; ch += 4 * L) {
            int at = off + ch;
            DoubleVector a0 = DoubleVector.fromArray(S, delta, at), a1 = DoubleVector.fromArray(S, delta, at + L);
            DoubleVector a2 = DoubleVector.fromArray(S, delta, at + 2 * L);
            DoubleVector a3 = DoubleVector.fromArray(S, delta, at + 3 * L);
            for (int p = 1; p < l; p++) {
                int row = at + p * o;
                a0 = a0.add(DoubleVector.fromArray(S, delta, row));
                a1 = a1.add(DoubleVector.fromArray(S, delta, row + L));
                a2 = a2.add(DoubleVector.fromArray(S, delta, row + 2 * L));
                a3 = a3.add(DoubleVector.fromArray(S, delta, row + 3 * L));
            }
            a0.intoArray(col, ch);
            a1.intoArray(col, ch + L);
            a2.intoArray(col, ch + 2 * L);
            a3.intoArray(col, ch + 3 * L);
        }
        for (; ch + L <= o; ch += L) {
            DoubleVector a = DoubleVector.fromArray(S, delta, off + ch);
            for (int p = 1; p < l; p++) a = a.add(DoubleVector.fromArray(S, delta, off + p * o + ch));
            a.intoArray(col, ch);
        }
        for (; ch < o; ch++) {
            double a = delta[off + ch];
            for (int p = 1; p < l; p++) a += delta[off + p * o + ch];
            col[ch] = a;
        }
    }
}
