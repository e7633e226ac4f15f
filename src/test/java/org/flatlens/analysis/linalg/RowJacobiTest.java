package org.flatlens.analysis.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link RowJacobi} against the reference one-sided Jacobi of {@link SmallSvd}, value by value, relative. */
class RowJacobiTest {
    @Test
    void matchesTheReferenceJacobiOnRandomMatrices() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int[] kd : new int[][] {{1, 1}, {2, 3}, {5, 5}, {7, 9}, {10, 10}, {33, 40}, {100, 100}}) {
            for (double scale : new double[] {1e-100, 1, 1e100}) {
                check(random(rng, kd[0], kd[1], scale, 0));
            }
        }
    }

    /**
     * Rows graded over 12 orders of magnitude: the small singular values are only right to high relative accuracy
     * if the stopping test never uses a cancelled norm update (the reason {@link RowJacobi} recomputes them).
     */
    @Test
    void gradedMatricesKeepTheirSmallSingularValues() {
        SplittableRandom rng = new SplittableRandom(12);
        for (int k : new int[] {4, 17, 60}) check(random(rng, k, k, 1, 12.0 / k));
    }

    /** Two nearly parallel rows: σ_2 = √2·1e-7 relative to σ_1, far below √ε. */
    @Test
    void nearlyCollinearRowsResolveTheSmallValue() {
        double b = 1e-7;
        double[] sigma = RowJacobi.singularValues(new double[][] {{1, b, 0}, {1, -b, 0}});
        assertEquals(Math.sqrt(2), sigma[0], 1e-15);
        assertEquals(Math.sqrt(2) * b, sigma[1], 1e-14 * Math.sqrt(2) * b);
    }

    private static void check(double[][] m) {
        double[] want = SmallSvd.jacobiSingularValues(m);
        double[] got = RowJacobi.singularValues(copy(m));
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-12 * want[i], "σ_" + i + " of " + m.length + "×" + m[0].length);
        }
    }

    /** Gaussian entries times {@code scale}, row i further scaled by {@code 10^(−grade·i)}. */
    private static double[][] random(SplittableRandom rng, int k, int d, double scale, double grade) {
        double[][] m = new double[k][d];
        for (int i = 0; i < k; i++) {
            double s = scale * Math.pow(10, -grade * i);
            for (int j = 0; j < d; j++) m[i][j] = s * rng.nextGaussian();
        }
        return m;
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) c[i] = m[i].clone();
        return c;
    }
}
