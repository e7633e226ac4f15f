package org.flatlens.analysis.linalg;

/**
 * {@link SmallestSingularValue} (bidiagonalisation and bisection) on a copy of the short side under the singular-
 * value contract, which then checks σ_min alone.
 */
class SmallestSingularValueContractTest extends SingularValueSolverContract {
    @Override
    SingularValueSolver solver() {
        return m -> new double[] {SmallestSingularValue.of(SmallSvd.shortSide(m))};
    }

    @Override
    boolean smallestOnly() {
        return true;
    }
}
