package org.flatlens.analysis.linalg;

/**
 * Singular values of a small dense matrix given by its rows ({@code k × d}), resolved down to about {@code ε σ_1}:
 * when {@code k ≤ d}, Householder QR of its transpose ({@link HouseholderQr}, {@code 2 d k²} flops) reduces it to a
 * {@code k × k} triangle R with the same singular values (QR is backward stable), and one-sided Jacobi
 * ({@link RowJacobi}, the rotations of {@link SmallSvd#jacobiSingularValues} at a third of the cost) gets those of R to
 * high relative accuracy; a tall matrix goes to {@link SmallSvd#jacobiSingularValues} directly. Going through the Gram
 * matrix {@code M Mᵀ} instead would lose every singular value below {@code √ε σ_1}, e.g. turn an exact zero into
 * {@code 1e-8·σ_1}.
 */
public final class QrJacobiSvd {
    private QrJacobiSvd() {}

    /**
     * @param rows {@code k} rows of equal length d, finite; modified (used as workspace)
     * @return the {@code min(k, d)} singular values, descending
     */
    public static double[] singularValues(double[][] rows) {
        if (rows[0].length < rows.length) return SmallSvd.jacobiSingularValues(rows);
        return RowJacobi.singularValues(HouseholderQr.triangle(rows));
    }
}
