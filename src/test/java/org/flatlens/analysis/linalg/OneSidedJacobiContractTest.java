package org.flatlens.analysis.linalg;

/** {@link SmallSvd#jacobiSingularValues} under the singular-value contract. */
class OneSidedJacobiContractTest extends SingularValueSolverContract {
    @Override
    SingularValueSolver solver() {
        return SingularValueSolver.ONE_SIDED_JACOBI;
    }
}
