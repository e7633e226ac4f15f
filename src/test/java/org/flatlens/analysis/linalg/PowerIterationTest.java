package org.flatlens.analysis.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Power iteration: the eigenvalue of largest magnitude, and an operator norm through {@code Bᵀ B}. */
class PowerIterationTest {

    @Test
    void findsTheLargestMagnitudeWithItsSign() {
        double[] lambda = LanczosTest.spectrum(new double[] {-50, 10}, 100, -5, 5, 81);
        DenseSymmetricOperator a = TestMatrices.operator(lambda, 82);
        DominantEigenpair p = PowerIteration.dominantEigenpair(a, a.template(), new SplittableRandom(1), 60);
        assertEquals(-50, p.eigenvalue(), 1e-10);
        assertTrue(p.residualNorm() < 1e-8, "residual " + p.residualNorm());
        assertEquals(60, p.iterations());
        assertEquals(1.0, p.vector().norm(), 1e-14);
        assertEquals(p.residualNorm(), a.apply(p.vector()).axpy(-p.eigenvalue(), p.vector()).norm(), 1e-15);
    }

    @Test
    void operatorNormOfARectangularMapViaBtB() {
        double[] sigma = {3, 2, 1, 0.5, 0.1};
        double[][] b = SmallSvdTest.withSingularValues(5, 12, sigma, new SplittableRandom(83));
        ParamVector in = ParamVector.of(Tensor.zeros(3, 4)), out = ParamVector.of(Tensor.zeros(5));
        LinearOperator bOp = v -> {
            double[] x = v.toArray(), y = new double[5];
            for (int i = 0; i < 5; i++) y[i] = TestMatrices.dot(b[i], x);
            return ParamVector.fromArray(y, out);
        };
        LinearOperator btOp = v -> {
            double[] y = v.toArray(), x = new double[12];
            for (int i = 0; i < 5; i++) for (int j = 0; j < 12; j++) x[j] += b[i][j] * y[i];
            return ParamVector.fromArray(x, in);
        };
        DominantEigenpair p = PowerIteration.dominantEigenpair(btOp.compose(bOp), in, new SplittableRandom(2), 100);
        assertEquals(9.0, p.eigenvalue(), 1e-12);
        assertEquals(SmallSvd.jacobiSingularValues(b)[0], Math.sqrt(p.eigenvalue()), 1e-12);
    }

    @Test
    void oppositeDominantPairIsReportedByTheResidual() {
        double[] lambda = LanczosTest.spectrum(new double[] {4, -4}, 50, -1, 1, 84);
        DenseSymmetricOperator a = TestMatrices.operator(lambda, 85);
        DominantEigenpair p = PowerIteration.dominantEigenpair(a, a.template(), new SplittableRandom(3), 200);
        assertTrue(p.residualNorm() > 0.1, "no convergence when λ and −λ dominate; residual " + p.residualNorm());
    }

    @Test
    void zeroOperatorSameSeedAndBadInput() {
        ParamVector t = ParamVector.of(Tensor.zeros(7));
        DominantEigenpair z = PowerIteration.dominantEigenpair(v -> v.scale(0), t, new SplittableRandom(4), 10);
        assertEquals(0.0, z.eigenvalue());
        assertEquals(1, z.iterations());
        DenseSymmetricOperator a = TestMatrices.operator(LanczosTest.spectrum(new double[] {2}, 20, -1, 1, 86), 87);
        assertEquals(PowerIteration.dominantEigenpair(a, a.template(), new SplittableRandom(5), 30).eigenvalue(),
                PowerIteration.dominantEigenpair(a, a.template(), new SplittableRandom(5), 30).eigenvalue(), 0.0);
        assertThrows(IllegalArgumentException.class,
                () -> PowerIteration.dominantEigenpair(a, a.template(), new SplittableRandom(5), 0));
    }
}
