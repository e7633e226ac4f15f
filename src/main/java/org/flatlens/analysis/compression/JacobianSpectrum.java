package org.flatlens.analysis.compression;

import org.flatlens.analysis.linalg.HouseholderQr;
import org.flatlens.analysis.linalg.SmallSvd;

/**
 * Singular values of one site Jacobian {@code J} ({@code k × dim h}), resolved down to about {@code ε σ_1} so that the
 * rank test of THEORY.md §7 is meaningful: Householder QR of {@code Jᵀ} ({@link HouseholderQr},
 * {@code 2 dim h · k²} flops) reduces J to a {@code k × k} triangle R with the same singular values (QR is backward
 * stable), and one-sided Jacobi ({@link RowJacobi}, the rotations of {@link SmallSvd#jacobiSingularValues} at a third
 * of the cost) gets those of R to high relative accuracy. Going through the Gram matrix {@code J Jᵀ} instead would
 * lose every singular value below {@code √ε σ_1}, e.g. turn an exact zero into 1e-8·σ_1.
 */
final class JacobianSpectrum {
    private static final double EPS = Math.ulp(1.0);

    private JacobianSpectrum() {}

    /**
     * @param j the rows of J ({@code k} rows of equal length d); modified (used as workspace)
     * @return the {@code min(k, d)} singular values, descending
     */
    static double[] singularValues(double[][] j) {
        if (j[0].length < j.length) return SmallSvd.jacobiSingularValues(j);
        return RowJacobi.singularValues(HouseholderQr.triangle(j));
    }

    /** THEORY.md §7: a singular value counts as zero when {@code σ ≤ σ_1 · max(k, dim h) · 2^-52}. */
    static double zeroThreshold(double[] sigma, int k, int d) {
        return sigma.length == 0 ? 0 : sigma[0] * Math.max(k, d) * EPS;
    }

    /** {@code Σ_{j<q} log σ_j}, or −∞ when one of the top q counts as zero (never NaN). */
    static double logVolume(double[] sigma, int q, double threshold) {
        double s = 0;
        for (int i = 0; i < q; i++) {
            if (!(sigma[i] > threshold)) return Double.NEGATIVE_INFINITY;
            s += Math.log(sigma[i]);
        }
        return s;
    }

    /** The participation ratio {@code (Σ σ²)² / Σ σ⁴ ∈ [1, r]}; 0 for {@code J = 0} (no direction is expressed). */
    static double participationRatio(double[] sigma) {
        double s2 = 0, s4 = 0;
        for (double v : sigma) {
            double q = v * v;
            s2 += q;
            s4 += q * q;
        }
        return s4 == 0 ? 0 : s2 * s2 / s4;
    }
}
