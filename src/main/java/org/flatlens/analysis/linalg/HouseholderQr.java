package org.flatlens.analysis.linalg;

import org.flatlens.tensor.kernels.Lanes;

/**
 * Householder QR of a matrix given by its columns, stored as rows: for {@code k} rows {@code a_0 … a_{k−1}} of length
 * d, the factorisation {@code [a_0 … a_{k−1}] = Q R} of the {@code d × k} matrix they form, R upper trapezoidal
 * ({@code min(k, d) × k}). Only R is kept; Q is orthogonal, so {@code R} has the singular values of the rows and
 * {@code Rᵀ R} is their Gram matrix {@code ⟨a_i, a_j⟩}, to the backward error {@code ε ||A||} of the reflections
 * (Golub &amp; Van Loan, §5.2) rather than the {@code ε ||A||²} of forming the Gram matrix. Cost: about
 * {@code 2 d k² − 2k³/3} flops for {@code k ≤ d}.
 */
public final class HouseholderQr {
    /** Sums of squares strictly between these lost no digits to underflow or overflow ({@code 2^±600}). */
    private static final double SAFE_MIN = 0x1p-600, SAFE_MAX = 0x1p600;

    private HouseholderQr() {}

    /**
     * Reduces the rows in place: afterwards {@code R[i][c] = a[c][i]} for {@code i ≤ min(c, d − 1)}; the entries of
     * row c beyond {@code min(c, d − 1)} hold Householder vectors (garbage to callers).
     *
     * @param a {@code k} rows of equal length d, any {@code k} and d; modified
     */
    public static void reduce(double[][] a) {
        int k = a.length, d = a[0].length;
        double[] dots = new double[4];
        for (int c = 0; c < Math.min(k, d); c++) {
            double[] v = a[c];
            double norm = norm(v, c, d);
            if (norm == 0) continue;
            double alpha = v[c] > 0 ? -norm : norm;
            v[c] -= alpha; // v[c..d) is now the Householder vector u, with ||u||² = 2 norm (norm + |x_c|)
            double uu = 2 * norm * (norm + Math.abs(v[c] + alpha));
            double scale = 2 / uu;
            int c2 = c + 1;
            for (; c2 + 4 <= k; c2 += 4) {
                double[] a0 = a[c2], a1 = a[c2 + 1], a2 = a[c2 + 2], a3 = a[c2 + 3];
                Lanes.dot4(v, a0, a1, a2, a3, c, d, dots);
                Lanes.subtractScaled4(dots[0] * scale, dots[1] * scale, dots[2] * scale, dots[3] * scale, v, a0, a1,
                        a2, a3, c, d);
            }
            for (; c2 < k; c2++) Lanes.subtractScaled(Lanes.dot(v, a[c2], c, d) * scale, v, a[c2], c, d);
            v[c] = alpha;
        }
    }

    /**
     * The {@code k × k} triangle R, as rows ({@code R[i][c]}, zero below the diagonal).
     *
     * @param a {@code k} rows of equal length {@code d ≥ k}; modified (used as workspace)
     */
    public static double[][] triangle(double[][] a) {
        int k = a.length;
        reduce(a);
        double[][] r = new double[k][k];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i <= c; i++) r[i][c] = a[c][i];
        }
        return r;
    }

    /**
     * R of rows already {@link #reduce reduced}, written row-major into {@code r} ({@code min(k, d) × k}, zeros below
     * the diagonal).
     */
    public static void copyR(double[][] reduced, double[] r) {
        int k = reduced.length, rows = Math.min(k, reduced[0].length);
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < k; c++) r[i * k + c] = c >= i ? reduced[c][i] : 0.0;
        }
    }

    /**
     * {@code ||v[from..to)||}: the plain sum of squares when it is safely inside the normal range, else scaled by the
     * largest entry against overflow and underflow.
     */
    public static double norm(double[] v, int from, int to) {
        double ss = Lanes.dot(v, v, from, to);
        if (ss > SAFE_MIN && ss < SAFE_MAX) return Math.sqrt(ss);
        double scale = 0;
        for (int i = from; i < to; i++) scale = Math.max(scale, Math.abs(v[i]));
        if (scale == 0 || !Double.isFinite(scale)) return scale;
        double s = 0;
        for (int i = from; i < to; i++) {
            double t = v[i] / scale;
            s += t * t;
        }
        return scale * Math.sqrt(s);
    }
}
