package org.flatlens.analysis.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link SingularValueSolver}, run against every implementation (one subclass each, in EJML's
 * manner): on matrices {@code U diag(σ) Vᵀ} with random orthogonal U, V, all {@code min(k, d)} singular values,
 * descending, to within {@link #tolerance()}{@code · max(k, d) · ε · σ_1}, for random spectra of wide, tall and square
 * shapes, repeated singular values, the same matrices scaled by 1e-12 and 1e+12, zero and rank-deficient matrices; the
 * input is not modified. An implementation that returns only the smallest value says so ({@link #smallestOnly()}).
 */
abstract class SingularValueSolverContract {
    private static final double EPS = Math.ulp(1.0);

    /** The implementation under test. */
    abstract SingularValueSolver solver();

    /** Allowed error in units of {@code max(k, d) ε σ_1}. */
    double tolerance() {
        return 8;
    }

    /** Whether the solver returns only {@code σ_min} (one value). */
    boolean smallestOnly() {
        return false;
    }

    private void check(int k, int d, double[] sigma, long seed, double scale) {
        double[] scaled = sigma.clone();
        for (int i = 0; i < scaled.length; i++) scaled[i] *= scale;
        double[][] m = TestMatrices.withSingularValues(k, d, scaled, new SplittableRandom(seed));
        double[][] copy = new double[k][];
        for (int i = 0; i < k; i++) copy[i] = m[i].clone();
        double[] got = solver().singularValues(m);
        assertArrayEquals(copy, m, "input modified");
        double[] want = TestMatrices.descending(scaled);
        if (smallestOnly()) want = new double[] {want[want.length - 1]};
        assertArrayEquals(want, got, tolerance() * Math.max(k, d) * EPS * TestMatrices.maxAbs(scaled),
                k + "×" + d + " with σ = " + Arrays.toString(scaled));
    }

    private static double[] random(int n, SplittableRandom rng) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) s[i] = rng.nextDouble(0.01, 10);
        return s;
    }

    @Test
    void randomSpectraWideTallAndSquare() {
        SplittableRandom rng = new SplittableRandom(11);
        int[][] shapes = {{1, 1}, {1, 6}, {6, 1}, {3, 7}, {7, 3}, {8, 8}, {5, 40}, {40, 5}, {17, 20}};
        for (int[] s : shapes) check(s[0], s[1], random(Math.min(s[0], s[1]), rng), 100 + s[0] * 41 + s[1], 1);
    }

    @Test
    void repeatedSingularValues() {
        check(5, 9, new double[] {2, 2, 2, 1, 1}, 12, 1);
        check(9, 5, new double[] {2, 2, 2, 1, 1}, 13, 1);
        check(6, 6, new double[] {3, 3, 3, 3, 3, 3}, 14, 1);
    }

    @Test
    void scaledByOneEMinusTwelveAndOneEPlusTwelve() {
        double[] sigma = random(6, new SplittableRandom(15));
        for (double scale : new double[] {1e-12, 1e12}) {
            check(6, 11, sigma, 16, scale);
            check(11, 6, sigma, 17, scale);
            check(5, 9, new double[] {2, 2, 2, 1, 1}, 18, scale);
        }
    }

    @Test
    void zeroMatrixHasZeroSingularValues() {
        for (int[] s : new int[][] {{1, 1}, {3, 5}, {5, 3}, {4, 4}}) {
            double[] got = solver().singularValues(new double[s[0]][s[1]]);
            assertEquals(smallestOnly() ? 1 : Math.min(s[0], s[1]), got.length);
            assertArrayEquals(new double[got.length], got, 0.0);
        }
    }

    @Test
    void rankDeficient() {
        check(4, 9, new double[] {5, 2, 0, 0}, 19, 1);
        check(9, 4, new double[] {5, 0, 2, 0}, 20, 1);
        check(6, 6, new double[] {1, 0, 0, 0, 0, 0}, 21, 1e12);
        check(3, 12, new double[] {4, 4, 0}, 22, 1e-12);
    }
}
