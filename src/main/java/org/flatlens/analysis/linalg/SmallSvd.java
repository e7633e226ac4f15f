package org.flatlens.analysis.linalg;

import java.util.Arrays;

/**
 * Singular values of a small dense {@code k × d} matrix {@code M}, descending, {@code min(k, d)} of them.
 *
 * <p>Two methods. {@link #singularValues} (and {@link #singularValuesOfGram} when the Gram matrix is already at hand,
 * e.g. {@code J Jᵀ} from {@code k} vector–Jacobian products) take {@code σ_j = sqrt(max(λ_j, 0))} from the eigenvalues
 * of the smaller Gram matrix ({@code M Mᵀ} when {@code k ≤ d}, else {@code Mᵀ M}). It is fast, but squaring loses
 * accuracy: the absolute error of {@code σ_j} is about {@code ε σ_1² / σ_j}, so values below {@code √ε σ_1} (and an
 * exact rank deficiency) are not resolved. {@link #jacobiSingularValues} (one-sided Jacobi, Hestenes 1958; Demmel
 * &amp; Veselić 1992) works on {@code M} itself and resolves small singular values to about {@code ε σ_1}: use it when
 * ranks or small values matter (THEORY.md §7 rank test) and as the oracle for the Gram route.
 */
public final class SmallSvd {
    static final int MAX_SWEEPS = 60;
    private static final double EPS = Math.ulp(1.0);

    private SmallSvd() {}

    /** Singular values of {@code m} ({@code k × d}, not modified) via the eigenvalues of the smaller Gram matrix. */
    public static double[] singularValues(double[][] m) {
        double[][] rows = shortSide(m);
        int r = rows.length;
        double[][] gram = new double[r][r];
        for (int i = 0; i < r; i++) {
            for (int j = i; j < r; j++) gram[i][j] = gram[j][i] = dot(rows[i], rows[j]);
        }
        return singularValuesOfGram(gram);
    }

    /** {@code sqrt(max(λ_j, 0))} for the eigenvalues {@code λ_j} of a symmetric positive semi-definite Gram matrix. */
    public static double[] singularValuesOfGram(double[][] gram) {
        double[] lambda = SymmetricEigen.eigenvalues(gram);
        double[] sigma = new double[lambda.length];
        // Rounding can push an eigenvalue of a PSD matrix slightly below zero; its singular value is then zero.
        for (int i = 0; i < lambda.length; i++) sigma[i] = Math.sqrt(Math.max(lambda[i], 0.0));
        return sigma;
    }

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
    private static double[][] shortSide(double[][] m) {
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

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }
}
