package org.flatlens.analysis.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Lanczos top-k eigenvalues against chosen spectra: gaps, negative eigenvalues, repeats, exhaustion, scaling. */
class LanczosTest {

    /** Top {@code top} values followed by {@code n − top} values spread uniformly in {@code [lo, hi]}. */
    static double[] spectrum(double[] top, int n, double lo, double hi, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] l = new double[n];
        for (int i = 0; i < n; i++) l[i] = i < top.length ? top[i] : lo + (hi - lo) * rng.nextDouble();
        return l;
    }

    static LanczosResult run(DenseSymmetricOperator a, int k, int steps, long seed) {
        return Lanczos.topEigenpairs(a, a.template(), new SplittableRandom(seed), k, steps, 1e-8, true);
    }

    /** The top k eigenvalues to {@code 1e-8} relative, with small residuals and converged flags. */
    static void assertTopK(double[] lambda, LanczosResult r, int k) {
        double[] expected = TestMatrices.descending(lambda);
        double scale = TestMatrices.maxAbs(lambda);
        for (int i = 0; i < k; i++) {
            assertEquals(expected[i], r.eigenvalues()[i], 1e-8 * scale, "eigenvalue " + i);
            assertTrue(r.residualNorms()[i] < 1e-7 * scale, "residual " + i + ": " + r.residualNorms()[i]);
            assertTrue(r.converged()[i], "converged " + i);
        }
    }

    @Test
    void topEigenvaluesWithGaps() {
        double[] lambda = spectrum(new double[] {10, 9, 8, 7, 6}, 200, -2, 2, 61);
        LanczosResult r = run(TestMatrices.operator(lambda, 62), 5, 60, 1);
        assertTopK(lambda, r, 5);
        assertEquals(60, r.steps());
        assertEquals(65, r.matvecs());
        assertEquals(10.0, r.lambdaMax(), 1e-10);
    }

    @Test
    void largestAlgebraicNotLargestMagnitude() {
        double[] lambda = spectrum(new double[] {3, 2.5, 2, -50, -40}, 150, -1, 1, 63);
        LanczosResult r = run(TestMatrices.operator(lambda, 64), 3, 80, 2);
        assertTopK(lambda, r, 3);
        double[] negative = spectrum(new double[] {-0.5, -0.7, -0.9}, 120, -20, -1, 65);
        assertTopK(negative, run(TestMatrices.operator(negative, 66), 3, 80, 3), 3);
    }

    @Test
    void repeatedEigenvaluesAreFoundAfterBreakdownRestarts() {
        double[] lambda = new double[60]; // four distinct values: the Krylov space is invariant after 4 steps
        for (int i = 0; i < 60; i++) lambda[i] = i < 3 ? 4 : i < 5 ? 2 : i < 10 ? 1 : 0;
        LanczosResult r = run(TestMatrices.operator(lambda, 67), 6, 24, 4);
        assertTopK(lambda, r, 6);
        assertArrayEquals(new double[] {4, 4, 4, 2, 2, 1}, r.eigenvalues(), 1e-10);
        assertTrue(r.restarts() >= 2, "restarts " + r.restarts());
    }

    @Test
    void repeatedTopEigenvalueInsideAContinuumIsStillCertifiedByResiduals() {
        double[] lambda = spectrum(new double[] {5, 5, 5, 4}, 200, -1, 3, 68);
        LanczosResult r = run(TestMatrices.operator(lambda, 69), 4, 50, 5);
        assertEquals(5.0, r.lambdaMax(), 1e-8);
        for (int i = 0; i < 4; i++) { // each Ritz value lies within its residual of some eigenvalue (Kato)
            double nearest = Double.POSITIVE_INFINITY;
            for (double l : lambda) nearest = Math.min(nearest, Math.abs(l - r.eigenvalues()[i]));
            assertTrue(nearest <= r.residualNorms()[i] * (1 + 1e-6) + 1e-14, "Ritz value " + i);
        }
    }

    @Test
    void exhaustedSpaceGivesTheWholeSpectrum() {
        double[] lambda = {6, -3, 2, 2, 0.1, -7, 4, 1e-3, 5, 5, 5, -1};
        LanczosResult r = run(TestMatrices.operator(lambda, 70), 12, 40, 6);
        assertEquals(12, r.steps(), "stops honestly at the dimension");
        assertArrayEquals(TestMatrices.descending(lambda), r.eigenvalues(), 1e-12 * 7);
    }

    @Test
    void scaledOperators() {
        double[] base = spectrum(new double[] {10, 9, 8}, 100, -2, 2, 71);
        for (double factor : new double[] {1e-12, 1e12}) {
            double[] lambda = base.clone();
            for (int i = 0; i < lambda.length; i++) lambda[i] *= factor;
            assertTopK(lambda, run(TestMatrices.operator(lambda, 72), 3, 50, 7), 3);
        }
    }

    @Test
    void ritzVectorsAreOrthonormalEigenvectors() {
        double[] lambda = spectrum(new double[] {10, 9, 8}, 80, -2, 2, 73);
        ParamVector layout = ParamVector.of(Tensor.zeros(5, 8), Tensor.zeros(40));
        DenseSymmetricOperator a = new DenseSymmetricOperator(TestMatrices.withSpectrum(lambda, new SplittableRandom(74)), layout);
        LanczosResult r = Lanczos.topEigenpairs(a, layout, new SplittableRandom(8), 3, 40, 1e-8, true);
        for (int i = 0; i < 3; i++) {
            ParamVector y = r.ritzVectors().get(i);
            assertTrue(y.sameLayout(layout));
            for (int j = 0; j <= i; j++) assertEquals(i == j ? 1 : 0, y.dot(r.ritzVectors().get(j)), 1e-12);
            assertEquals(r.residualNorms()[i], a.apply(y).axpy(-r.eigenvalues()[i], y).norm(), 1e-15);
        }
        assertTrue(Lanczos.topEigenpairs(a, layout, new SplittableRandom(8), 3, 40, 1e-8, false).ritzVectors().isEmpty());
    }

    @Test
    void zeroOperatorAndUnconvergedFlags() {
        ParamVector t = ParamVector.of(Tensor.zeros(30));
        LanczosResult zero = Lanczos.topEigenpairs(v -> v.scale(0), t, new SplittableRandom(9), 2, 10, 1e-8, false);
        assertArrayEquals(new double[] {0, 0}, zero.eigenvalues(), 0.0);
        assertTrue(zero.allConverged());
        double[] lambda = spectrum(new double[] {1.0, 0.999}, 300, -1, 0.99, 75);
        LanczosResult few = run(TestMatrices.operator(lambda, 76), 2, 5, 10);
        assertTrue(!few.allConverged(), "5 steps cannot separate 1.0 from 0.999; residuals " + few.residualNorms()[0]);
    }

    @Test
    void sameSeedSameNumbersAndBadInput() {
        DenseSymmetricOperator a = TestMatrices.operator(spectrum(new double[] {3}, 50, -1, 1, 77), 78);
        LanczosResult r1 = run(a, 2, 20, 11), r2 = run(a, 2, 20, 11);
        assertArrayEquals(r1.eigenvalues(), r2.eigenvalues(), 0.0);
        assertArrayEquals(r1.residualNorms(), r2.residualNorms(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> run(a, 21, 20, 1));
        assertThrows(IllegalArgumentException.class, () -> run(a, 0, 20, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Lanczos.topEigenpairs(a, a.template(), new SplittableRandom(1), 1, 5, 0.0, false));
    }
}
