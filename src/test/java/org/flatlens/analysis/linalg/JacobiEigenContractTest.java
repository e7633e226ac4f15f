package org.flatlens.analysis.linalg;

/** The test oracle {@link SymmetricEigen} (cyclic Jacobi) under the eigen-solver contract. */
class JacobiEigenContractTest extends SymmetricEigenSolverContract {
    @Override
    SymmetricEigenSolver solver() {
        return SymmetricEigen::eigenvalues;
    }
}
