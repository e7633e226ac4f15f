package org.flatlens.analysis.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link SymmetricEigenSolver}, run against every implementation (one subclass each, in EJML's
 * manner): on matrices {@code Q diag(λ) Qᵀ} with a random orthogonal Q, every eigenvalue, descending, to within
 * {@value #TOL}{@code · n · ε · max|λ|} (backward stability), for random spectra, repeated eigenvalues, the same
 * matrices scaled by 1e-12 and 1e+12, zero and rank-deficient matrices; the input is not modified, only its upper
 * triangle is read, and a non-finite entry is refused.
 */
abstract class SymmetricEigenSolverContract {
    /** Allowed error in units of {@code n ε max|λ|}. */
    static final double TOL = 8;
    private static final double EPS = Math.ulp(1.0);

    /** The implementation under test. */
    abstract SymmetricEigenSolver solver();

    private void check(double[] lambda, long seed, double scale) {
        double[] scaled = lambda.clone();
        for (int i = 0; i < scaled.length; i++) scaled[i] *= scale;
        double[][] a = TestMatrices.withSpectrum(scaled, new SplittableRandom(seed));
        double[][] copy = new double[a.length][];
        for (int i = 0; i < a.length; i++) copy[i] = a[i].clone();
        double[] got = solver().eigenvalues(a);
        assertArrayEquals(copy, a, "input modified");
        double[] want = TestMatrices.descending(scaled);
        assertArrayEquals(want, got, TOL * a.length * EPS * TestMatrices.maxAbs(scaled),
                "spectrum " + java.util.Arrays.toString(scaled));
    }

    private static double[] random(int n, SplittableRandom rng) {
        double[] l = new double[n];
        for (int i = 0; i < n; i++) l[i] = rng.nextDouble(-10, 10);
        return l;
    }

    @Test
    void randomSpectra() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int n : new int[] {1, 2, 3, 7, 16, 33}) check(random(n, rng), 10 + n, 1);
    }

    @Test
    void repeatedEigenvalues() {
        check(new double[] {3, 3, 3, -1, -1, 0.5}, 2, 1);
        check(new double[] {2, 2, 2, 2, 2, 2, 2, 2}, 3, 1);
        check(new double[] {1, 1 + 1e-14, 1, -4, -4}, 4, 1);
    }

    @Test
    void scaledByOneEMinusTwelveAndOneEPlusTwelve() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] lambda = random(12, rng);
        for (double scale : new double[] {1e-12, 1e12}) {
            check(lambda, 6, scale);
            check(new double[] {3, 3, 3, -1, -1, 0.5}, 7, scale);
        }
    }

    @Test
    void zeroMatrixHasZeroEigenvalues() {
        for (int n : new int[] {1, 2, 5}) {
            assertArrayEquals(new double[n], solver().eigenvalues(new double[n][n]), 0.0);
        }
    }

    @Test
    void rankDeficient() {
        check(new double[] {5, 0, 0, 0, 2, 0}, 8, 1);
        check(new double[] {0, 0, 0, -3}, 9, 1);
        check(new double[] {7, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 10, 1e-12);
    }

    @Test
    void readsOnlyTheUpperTriangle() {
        double[][] a = {{2, 1, 0}, {99, 2, 1}, {-7, 42, 2}};
        double[] want = {2 + Math.sqrt(2), 2, 2 - Math.sqrt(2)};
        assertArrayEquals(want, solver().eigenvalues(a), TOL * 3 * EPS * 4);
    }

    @Test
    void refusesNonFiniteEntries() {
        assertThrows(IllegalArgumentException.class,
                () -> solver().eigenvalues(new double[][] {{1, Double.NaN}, {0, 1}}));
        assertEquals(1, solver().eigenvalues(new double[][] {{1}}).length);
    }
}
