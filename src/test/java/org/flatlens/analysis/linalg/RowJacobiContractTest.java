package org.flatlens.analysis.linalg;

/**
 * {@link RowJacobi} on a copy of the short side (it needs no more rows than columns) under the singular-value
 * contract.
 */
class RowJacobiContractTest extends SingularValueSolverContract {
    @Override
    SingularValueSolver solver() {
        return m -> RowJacobi.singularValues(SmallSvd.shortSide(m));
    }
}
