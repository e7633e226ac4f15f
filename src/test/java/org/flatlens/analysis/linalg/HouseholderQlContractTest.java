package org.flatlens.analysis.linalg;

/** Householder reduction, then {@link TridiagonalEigen}'s QL, under the eigen-solver contract. */
class HouseholderQlContractTest extends SymmetricEigenSolverContract {
    @Override
    SymmetricEigenSolver solver() {
        return SymmetricEigenSolver.HOUSEHOLDER_QL;
    }
}
