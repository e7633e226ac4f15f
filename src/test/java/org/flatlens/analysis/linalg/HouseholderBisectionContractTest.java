package org.flatlens.analysis.linalg;

/** {@link ExtremeEigenvalues}' Householder reduction and Sturm bisection under the eigen-solver contract. */
class HouseholderBisectionContractTest extends SymmetricEigenSolverContract {
    @Override
    SymmetricEigenSolver solver() {
        return SymmetricEigenSolver.HOUSEHOLDER_BISECTION;
    }
}
