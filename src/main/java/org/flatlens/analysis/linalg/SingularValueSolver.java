package org.flatlens.analysis.linalg;

/**
 * All singular values of a small dense matrix. Every implementation passes the same contract suite (random, repeated,
 * zero and rank-deficient spectra, scaled by 1e±12). The measures call the implementations' static methods directly
 * (they know their matrix and may use it as workspace); this interface is the common contract.
 */
@FunctionalInterface
public interface SingularValueSolver {
    /** One-sided Jacobi on the matrix itself ({@link SmallSvd#jacobiSingularValues}): accurate, any shape. */
    SingularValueSolver ONE_SIDED_JACOBI = SmallSvd::jacobiSingularValues;
    /** QR to a triangle, then one-sided Jacobi on it ({@link QrJacobiSvd}): the site Jacobians' route. */
    SingularValueSolver QR_THEN_JACOBI = m -> QrJacobiSvd.singularValues(SmallSvd.shortSide(m));

    /**
     * @param m {@code k × d} by rows, finite; not modified
     * @return the {@code min(k, d)} singular values, descending
     */
    double[] singularValues(double[][] m);
}
