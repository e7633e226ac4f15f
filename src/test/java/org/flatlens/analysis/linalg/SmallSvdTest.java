package org.flatlens.analysis.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Gram-route and one-sided Jacobi singular values against matrices {@code U diag(σ) Vᵀ} with known σ. */
class SmallSvdTest {

    /** A {@code k × d} matrix with singular values {@code sigma} (length {@code min(k, d)}). */
    static double[][] withSingularValues(int k, int d, double[] sigma, SplittableRandom rng) {
        int r = Math.min(k, d);
        double[][] u = TestMatrices.randomOrthogonal(k, rng), v = TestMatrices.randomOrthogonal(d, rng);
        double[][] m = new double[k][d];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int l = 0; l < r; l++) s += u[i][l] * sigma[l] * v[j][l];
                m[i][j] = s;
            }
        }
        return m;
    }

    @Test
    void bothRoutesRecoverWellConditionedSingularValues() {
        SplittableRandom rng = new SplittableRandom(21);
        int[][] shapes = {{10, 300}, {300, 10}, {7, 7}, {1, 50}, {50, 1}};
        for (int[] s : shapes) {
            int r = Math.min(s[0], s[1]);
            double[] sigma = new double[r];
            for (int i = 0; i < r; i++) sigma[i] = 3.0 / (1 + i);
            double[][] m = withSingularValues(s[0], s[1], sigma, rng);
            double[] gram = GramSvd.singularValues(m), jacobi = SmallSvd.jacobiSingularValues(m);
            assertEquals(r, gram.length);
            for (int i = 0; i < r; i++) {
                assertEquals(sigma[i], jacobi[i], 1e-13 * sigma[0], "jacobi σ_" + i + " of " + s[0] + "×" + s[1]);
                assertEquals(jacobi[i], gram[i], 1e-12 * sigma[0], "gram vs jacobi σ_" + i);
            }
        }
    }

    @Test
    void jacobiResolvesSmallValuesThatTheGramRouteCannot() {
        double[] sigma = {1, 1e-3, 1e-6, 1e-9, 1e-12};
        double[][] m = withSingularValues(5, 40, sigma, new SplittableRandom(22));
        double[] jacobi = SmallSvd.jacobiSingularValues(m), gram = GramSvd.singularValues(m);
        for (int i = 0; i < sigma.length; i++) {
            assertEquals(sigma[i], jacobi[i], 1e-14, "jacobi σ_" + i);
            // Gram: absolute error about ε σ_1² / σ_j, hence unresolved below √ε.
            assertEquals(sigma[i], gram[i], 1e-7, "gram σ_" + i);
        }
        assertTrue(Math.abs(gram[4] - 1e-12) > 1e-12 || Math.abs(gram[3] - 1e-9) > 1e-11,
                "the Gram route is expected to lose the tiny values; if not, its documentation is too pessimistic");
    }

    @Test
    void rankDeficiencyMeetsTheTheoryThreshold() {
        double[] sigma = {2, 1, 0.5, 0, 0};
        double[][] m = withSingularValues(5, 30, sigma, new SplittableRandom(23));
        double[] jacobi = SmallSvd.jacobiSingularValues(m);
        double threshold = jacobi[0] * 30 * Math.pow(2, -52); // THEORY.md §7
        assertTrue(jacobi[3] <= threshold && jacobi[4] <= threshold,
                "zero singular values " + jacobi[3] + ", " + jacobi[4] + " vs threshold " + threshold);
        assertTrue(jacobi[2] > threshold);
    }

    @Test
    void gramOfAGramMatrix() {
        double[][] gram = {{4, 0}, {0, 1e-30}};
        double[] s = GramSvd.singularValuesOfGram(gram);
        assertEquals(2.0, s[0], 0.0);
        assertEquals(1e-15, s[1], 1e-30);
        assertEquals(0.0, GramSvd.singularValuesOfGram(new double[][] {{-1e-20}})[0], 0.0, "negative rounding → 0");
    }

    @Test
    void zeroMatrixAndBadInput() {
        double[] z = SmallSvd.jacobiSingularValues(new double[3][8]);
        assertEquals(0.0, TestMatrices.maxAbs(z));
        assertThrows(IllegalArgumentException.class, () -> GramSvd.singularValues(new double[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class, () -> SmallSvd.jacobiSingularValues(new double[][] {{Double.NaN}}));
        assertThrows(IllegalArgumentException.class, () -> SmallSvd.jacobiSingularValues(new double[0][0]));
    }
}
