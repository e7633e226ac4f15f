package org.flatlens.analysis.linalg;

import java.util.Arrays;

/**
 * Singular values of a small dense {@code k × d} matrix {@code M}, descending, {@code min(k, d)} of them, by one-sided
 * Jacobi (Hestenes 1958; Demmel &amp; Veselić 1992): it works on {@code M} itself and resolves small singular values
 * to about {@code ε σ_1}, which the rank test of THEORY.md §7 needs. (Going through the eigenvalues of a Gram matrix
 * would lose every value below {@code √ε σ_1}; the tests keep that route as an oracle.)
 */
public final class SmallSvd {
    static final int MAX_SWEEPS = 60;
    private static final double EPS = Math.ulp(1.0);

    private SmallSvd() {}

    /**
     * Singular values of {@code m} ({@code k × d}, not modified) by one-sided Jacobi: pairs of rows of the short side
     * are rotated until mutually orthogonal ({@code |x·y| ≤ √len ε ||x|| ||y||}, the rounding level of a dot product of
     * length {@code len = max(k, d)}, as in LAPACK's {@code dgesvj}); the singular values are then their norms.
     * Throws {@link ArithmeticException} if {@value #MAX_SWEEPS} sweeps do not suffice.
     */
    public static double[] jacobiSingularValues(double[][] m) {
        double[][] rows = shortSide(m);
        int sweep = 0;
        while (sweepOnce(rows)) {
            if (++sweep == MAX_SWEEPS) {
                throw new ArithmeticException("one-sided Jacobi SVD did not converge in " + MAX_SWEEPS + " sweeps");
            }
        }
        double[] sigma = new double[rows.length];
        for (int i = 0; i < rows.length; i++) sigma[i] = Math.sqrt(dot(rows[i], rows[i]));
        Arrays.sort(sigma);
        for (int i = 0, j = sigma.length - 1; i < j; i++, j--) {
            double t = sigma[i];
            sigma[i] = sigma[j];
            sigma[j] = t;
        }
        return sigma;
    }

    private static boolean sweepOnce(double[][] rows) {
        boolean rotated = false;
        double tol = EPS * Math.sqrt(rows[0].length);
        for (int p = 0; p < rows.length - 1; p++) {
            for (int q = p + 1; q < rows.length; q++) {
                double alpha = dot(rows[p], rows[p]), beta = dot(rows[q], rows[q]), gamma = dot(rows[p], rows[q]);
                // As in RowJacobi: a row whose squared norm underflows to 0 is zero at any other row's scale.
                if (alpha == 0 || beta == 0 || Math.abs(gamma) <= tol * Math.sqrt(alpha) * Math.sqrt(beta)) continue;
                // Rotate so that the two rows become orthogonal: t is the smaller root of t² + 2ζt − 1 = 0.
                double zeta = (beta - alpha) / (2 * gamma);
                double t = Math.copySign(1.0, zeta) / (Math.abs(zeta) + Math.hypot(zeta, 1.0));
                double c = 1.0 / Math.sqrt(1 + t * t), s = c * t;
                double[] x = rows[p], y = rows[q];
                for (int i = 0; i < x.length; i++) {
                    double xi = x[i], yi = y[i];
                    x[i] = c * xi - s * yi;
                    y[i] = s * xi + c * yi;
                }
                rotated = true;
            }
        }
        return rotated;
    }

    /** A copy of the rows of {@code m} when {@code k ≤ d}, else of its columns, checking shape and finiteness. */
    static double[][] shortSide(double[][] m) {
        if (m.length == 0 || m[0].length == 0) throw new IllegalArgumentException("SVD of an empty matrix");
        int k = m.length, d = m[0].length;
        boolean transpose = k > d;
        double[][] out = new double[Math.min(k, d)][Math.max(k, d)];
        for (int i = 0; i < k; i++) {
            if (m[i].length != d) throw new IllegalArgumentException("matrix row " + i + " has length " + m[i].length
                    + ", expected " + d);
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(m[i][j])) throw new IllegalArgumentException("matrix entry (" + i + ", " + j
                        + ") is " + m[i][j]);
                if (transpose) out[j][i] = m[i][j];
                else out[i][j] = m[i][j];
            }
        }
        return out;
    }

    static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }
}
