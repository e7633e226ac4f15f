package org.flatlens.analysis.linalg;

/** {@link QrJacobiSvd} (QR, then {@link RowJacobi} on the triangle) under the singular-value contract. */
class QrThenJacobiContractTest extends SingularValueSolverContract {
    @Override
    SingularValueSolver solver() {
        return SingularValueSolver.QR_THEN_JACOBI;
    }
}
