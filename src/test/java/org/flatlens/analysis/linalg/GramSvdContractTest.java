package org.flatlens.analysis.linalg;

/**
 * The test oracle {@link GramSvd} under the singular-value contract, at its documented accuracy: squaring resolves
 * values only down to about {@code √ε σ_1}.
 */
class GramSvdContractTest extends SingularValueSolverContract {
    @Override
    SingularValueSolver solver() {
        return GramSvd::singularValues;
    }

    @Override
    double tolerance() {
        return 8 / Math.sqrt(Math.ulp(1.0));
    }
}
