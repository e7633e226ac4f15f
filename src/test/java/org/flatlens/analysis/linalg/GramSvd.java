package org.flatlens.analysis.linalg;

/**
 * Singular values through the eigenvalues of the smaller Gram matrix ({@code M Mᵀ} when {@code k ≤ d}, else
 * {@code Mᵀ M}), {@code σ_j = sqrt(max(λ_j, 0))}: a test oracle for {@link SmallSvd}. Squaring loses accuracy: the
 * absolute error of {@code σ_j} is about {@code ε σ_1² / σ_j}, so values below {@code √ε σ_1} (and an exact rank
 * deficiency) are not resolved.
 */
public final class GramSvd {
    private GramSvd() {}

    /** Singular values of {@code m} ({@code k × d}, not modified) via the eigenvalues of the smaller Gram matrix. */
    public static double[] singularValues(double[][] m) {
        double[][] rows = SmallSvd.shortSide(m);
        int r = rows.length;
        double[][] gram = new double[r][r];
        for (int i = 0; i < r; i++) {
            for (int j = i; j < r; j++) gram[i][j] = gram[j][i] = SmallSvd.dot(rows[i], rows[j]);
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
}
