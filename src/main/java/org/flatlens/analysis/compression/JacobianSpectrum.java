package org.flatlens.analysis.compression;

import org.flatlens.analysis.linalg.Lanes;
import org.flatlens.analysis.linalg.SmallSvd;

/**
 * Singular values of one site Jacobian {@code J} ({@code k × dim h}), resolved down to about {@code ε σ_1} so that the
 * rank test of THEORY.md §7 is meaningful: Householder QR of {@code Jᵀ} ({@code 2 dim h · k²} flops) reduces J to a
 * {@code k × k} triangle R with the same singular values (QR is backward stable), and one-sided Jacobi
 * ({@link RowJacobi}, the rotations of {@link SmallSvd#jacobiSingularValues} at a third of the cost) gets those of R
 * to high relative accuracy. Going through the Gram matrix
 * {@code J Jᵀ} instead would lose every singular value below {@code √ε σ_1}, e.g. turn an exact zero into 1e-8·σ_1.
 */
final class JacobianSpectrum {
    private static final double EPS = Math.ulp(1.0);
    /** Sums of squares strictly between these lost no digits to underflow or overflow ({@code 2^±600}). */
    private static final double SAFE_MIN = 0x1p-600, SAFE_MAX = 0x1p600;

    private JacobianSpectrum() {}

    /**
     * @param j the rows of J ({@code k} rows of equal length d); modified (used as workspace)
     * @return the {@code min(k, d)} singular values, descending
     */
    static double[] singularValues(double[][] j) {
        if (j[0].length < j.length) return SmallSvd.jacobiSingularValues(j);
        return RowJacobi.singularValues(triangle(j));
    }

    /**
     * The {@code k × k} triangle R of the Householder QR of {@code Jᵀ}, as rows ({@code R[i][c]}, zero below the
     * diagonal): it has J's singular values, to J's backward error {@code ε ||J||}.
     *
     * @param j {@code k} rows of equal length {@code d ≥ k}; modified (used as workspace)
     */
    static double[][] triangle(double[][] j) {
        int k = j.length, d = j[0].length;
        for (int c = 0; c < k; c++) {
            double[] v = j[c];
            double norm = norm(v, c, d);
            if (norm == 0) continue;
            double alpha = v[c] > 0 ? -norm : norm;
            v[c] -= alpha; // v[c..d) is now the Householder vector u, with ||u||² = 2 norm (norm + |x_c|)
            double uu = 2 * norm * (norm + Math.abs(v[c] + alpha));
            for (int c2 = c + 1; c2 < k; c2++) {
                Lanes.subtractScaled(Lanes.dot(v, j[c2], c, d) * (2 / uu), v, j[c2], c, d);
            }
            v[c] = alpha;
        }
        double[][] r = new double[k][k];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i <= c; i++) r[i][c] = j[c][i];
        }
        return r;
    }

    /**
     * {@code ||v[from..to)||}: the plain sum of squares when it is safely inside the normal range, else scaled by the
     * largest entry against overflow and underflow.
     */
    static double norm(double[] v, int from, int to) {
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
