package org.flatlens.analysis.linalg;

import java.util.Arrays;
import org.flatlens.tensor.kernels.Lanes;

/**
 * One-sided Jacobi singular values (Hestenes 1958) of a small matrix given by its rows, in place: the same rotations
 * and stopping rule as {@link SmallSvd#jacobiSingularValues} (pairs of rows are rotated
 * until {@code |x·y| ≤ √len ε ||x|| ||y||}, as LAPACK's {@code dgesvj}), at about a third of its cost: the squared
 * row norms are kept from the start of each sweep and updated by the exact identities
 * {@code ||x'||² = ||x||² − tγ}, {@code ||y'||² = ||y||² + tγ} (so a pair costs one dot product instead of three), and
 * the dot products and rotations run on vector lanes. An update that cancels (new value below
 * {@value #RECOMPUTE_BELOW} of the old) is recomputed from the row, so the stopping test never uses a norm with lost
 * digits: this is what keeps the small singular values (ρ, the rank test) at {@code ε σ_1} accuracy.
 */
public final class RowJacobi {
    static final int MAX_SWEEPS = 60;
    private static final double RECOMPUTE_BELOW = 1.0 / 16;
    private static final double EPS = Math.ulp(1.0);

    private RowJacobi() {}

    /**
     * @param rows {@code k} rows of equal length {@code len ≥ k}, finite; overwritten by the rotated rows
     * @return the k singular values, descending
     * @throws ArithmeticException if {@value #MAX_SWEEPS} sweeps do not suffice
     */
    public static double[] singularValues(double[][] rows) {
        int k = rows.length;
        double[] norms = new double[k], roots = new double[k];
        double tol = EPS * Math.sqrt(rows[0].length);
        for (int sweep = 0; ; sweep++) {
            if (sweep == MAX_SWEEPS) {
                throw new ArithmeticException("one-sided Jacobi SVD did not converge in " + MAX_SWEEPS + " sweeps");
            }
            for (int i = 0; i < k; i++) {
                norms[i] = dot(rows[i], rows[i]);
                roots[i] = Math.sqrt(norms[i]);
            }
            if (!sweepOnce(rows, norms, roots, tol)) break;
        }
        double[] sigma = new double[k];
        for (int i = 0; i < k; i++) sigma[i] = Math.sqrt(dot(rows[i], rows[i]));
        Arrays.sort(sigma);
        for (int i = 0, j = k - 1; i < j; i++, j--) {
            double t = sigma[i];
            sigma[i] = sigma[j];
            sigma[j] = t;
        }
        return sigma;
    }

    /** One cyclic sweep over all pairs ({@code roots} are the norms' square roots); returns whether any was rotated. */
    private static boolean sweepOnce(double[][] rows, double[] norms, double[] roots, double tol) {
        boolean rotated = false;
        for (int p = 0; p < rows.length - 1; p++) {
            for (int q = p + 1; q < rows.length; q++) {
                double alpha = norms[p], beta = norms[q], gamma = dot(rows[p], rows[q]);
                // A row whose squared norm underflows to 0 (entries below ~1e-162, i.e. zero at σ_1's scale) can still
                // have a subnormal dot product with another row; its rotation would be the identity, forever.
                if (alpha == 0 || beta == 0 || Math.abs(gamma) <= tol * roots[p] * roots[q]) continue;
                // t is the smaller root of t² + 2ζt − 1 = 0: the rotation that makes the two rows orthogonal.
                double zeta = (beta - alpha) / (2 * gamma);
                double t = Math.copySign(1.0, zeta) / (Math.abs(zeta) + Math.hypot(zeta, 1.0));
                double c = 1.0 / Math.sqrt(1 + t * t), s = c * t;
                Lanes.rotate(rows[p], rows[q], c, s);
                norms[p] = updated(alpha - t * gamma, alpha, rows[p]);
                norms[q] = updated(beta + t * gamma, beta, rows[q]);
                roots[p] = Math.sqrt(norms[p]);
                roots[q] = Math.sqrt(norms[q]);
                rotated = true;
            }
        }
        return rotated;
    }

    /** The updated squared norm, or the row's recomputed one when the update cancelled. */
    private static double updated(double value, double old, double[] row) {
        return value >= RECOMPUTE_BELOW * old ? value : dot(row, row);
    }

    private static double dot(double[] x, double[] y) {
        return Lanes.dot(x, y, 0, x.length);
    }
}
