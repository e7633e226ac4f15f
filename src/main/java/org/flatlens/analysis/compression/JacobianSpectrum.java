package org.flatlens.analysis.compression;

import org.flatlens.analysis.linalg.QrJacobiSvd;

/**
 * The spectrum measures of one site Jacobian {@code J} ({@code k × dim h}): its singular values (by
 * {@link QrJacobiSvd}, resolved down to about {@code ε σ_1} so that the rank test of THEORY.md §7 is meaningful), the
 * zero threshold of that test, the log-volume and the participation ratio.
 */
final class JacobianSpectrum {
    private static final double EPS = Math.ulp(1.0);

    private JacobianSpectrum() {}

    /**
     * @param j the rows of J ({@code k} rows of equal length d); modified (used as workspace)
     * @return the {@code min(k, d)} singular values, descending
     */
    static double[] singularValues(double[][] j) {
        return QrJacobiSvd.singularValues(j);
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
