package org.flatlens.analysis.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SmallestSingularValueTest {

    @Test
    void equalsTheSmallestJacobiSingularValueOfRandomWideMatrices() {
        SplittableRandom rng = new SplittableRandom(7);
        double worst = 0;
        for (int trial = 0; trial < 200; trial++) {
            int l = 1 + rng.nextInt(40), f = l + rng.nextInt(30);
            double[][] p = random(rng, l, f);
            double[] all = SmallSvd.jacobiSingularValues(copy(p));
            double min = SmallestSingularValue.of(copy(p));
            double rel = Math.abs(min - all[l - 1]) / all[0];
            worst = Math.max(worst, rel);
            assertEquals(all[l - 1], min, 1e-13 * all[0], l + "x" + f);
        }
        System.out.printf("smallest singular value of 200 random wide matrices: worst |diff| / σ_1 %.1e%n", worst);
    }

    @Test
    void resolvesASmallSingularValueToHighRelativeAccuracyInAWellScaledMatrix() {
        // Rows nearly collinear: σ_min = √2·1e-9 exactly in exact arithmetic, far below √ε σ_1.
        double b = 1e-9;
        double[][] p = {{1, b, 0}, {1, -b, 0}};
        double min = SmallestSingularValue.of(p);
        assertEquals(Math.sqrt(2) * b, min, 1e-13 * Math.sqrt(2) * b);
    }

    @Test
    void rankDeficientMatrixHasAZeroSingularValueUpToRounding() {
        SplittableRandom rng = new SplittableRandom(3);
        double[][] p = random(rng, 6, 9);
        for (int j = 0; j < 9; j++) p[5][j] = 0.5 * p[0][j] - 2 * p[3][j];
        double sigma1 = SmallSvd.jacobiSingularValues(copy(p))[0];
        assertEquals(0, SmallestSingularValue.of(p), 1e-14 * sigma1);
    }

    @Test
    void bidiagonalMatricesKnownInClosedForm() {
        double ulps = 4 * Math.ulp(1.0);
        assertEquals(3, SmallestSingularValue.smallestOfBidiagonal(new double[] {3}, new double[0]), 3 * ulps);
        // Diagonal: the smallest |d_i|.
        assertEquals(0.25, SmallestSingularValue.smallestOfBidiagonal(new double[] {-2, 0.25, 7}, new double[2]),
                0.25 * ulps);
        // [[1, 1], [0, 1]]: σ = (√5 ∓ 1)/2.
        assertEquals((Math.sqrt(5) - 1) / 2,
                SmallestSingularValue.smallestOfBidiagonal(new double[] {1, 1}, new double[] {1}), ulps);
        assertEquals(0, SmallestSingularValue.smallestOfBidiagonal(new double[] {0, 0}, new double[] {0}));
    }

    private static double[][] random(SplittableRandom rng, int l, int f) {
        double[][] p = new double[l][f];
        for (double[] row : p) for (int j = 0; j < f; j++) row[j] = rng.nextGaussian();
        return p;
    }

    private static double[][] copy(double[][] p) {
        double[][] c = new double[p.length][];
        for (int i = 0; i < p.length; i++) c[i] = p[i].clone();
        return c;
    }
}
