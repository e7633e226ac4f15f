package org.flatlens.analysis.jacobians;

import org.flatlens.nn.LossKind;

/**
 * The factor {@code R} of the output curvature {@code Λ = ∇²_u ℓ = RᵀR} (THEORY.md §1), which turns the network output
 * {@code f} into the effective output {@code g = R f} whose Jacobians all measures use. {@code R} is evaluated at the
 * current output and then held fixed.
 * <ul>
 *   <li>MSE ({@code ℓ = ½||u − y||²}): {@code Λ = I}, {@code R = I}, rank k.</li>
 *   <li>Cross-entropy: {@code Λ = diag(p) − p pᵀ}, {@code p = softmax(u)}, {@code R = diag(√p)(I − 1pᵀ)}, i.e.
 *       {@code R[c][j] = √p_c (δ_cj − p_j)}; {@code R 1 = 0}, so its rank is k − 1.</li>
 * </ul>
 */
public final class OutputFactor {
    private OutputFactor() {}

    /**
     * {@code R} ({@code k × k}, row c is the cotangent that yields {@code ∂g_c}) at the logits {@code u}.
     *
     * @param logits the k outputs of one sample, not modified
     * @throws IllegalArgumentException for cross-entropy with fewer than 2 outputs, or non-finite logits
     */
    public static double[][] of(LossKind loss, double[] logits) {
        int k = logits.length;
        for (double u : logits) {
            if (!Double.isFinite(u)) throw new IllegalArgumentException("non-finite network output " + u);
        }
        double[][] r = new double[k][k];
        if (loss == LossKind.MSE) {
            for (int c = 0; c < k; c++) r[c][c] = 1.0;
            return r;
        }
        if (k < 2) throw new IllegalArgumentException("cross-entropy needs at least 2 outputs, got " + k);
        double[] p = softmax(logits);
        for (int c = 0; c < k; c++) {
            double s = Math.sqrt(p[c]);
            for (int j = 0; j < k; j++) r[c][j] = s * ((c == j ? 1.0 : 0.0) - p[j]);
        }
        return r;
    }

    /** {@code rank(R)}: k for MSE, k − 1 for cross-entropy (THEORY.md §7). */
    public static int rank(LossKind loss, int k) {
        return loss == LossKind.MSE ? k : k - 1;
    }

    /** The softmax, shifted by the maximum for stability. */
    static double[] softmax(double[] u) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : u) m = Math.max(m, v);
        double[] p = new double[u.length];
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            p[i] = Math.exp(u[i] - m);
            s += p[i];
        }
        for (int i = 0; i < u.length; i++) p[i] /= s;
        return p;
    }
}
