package org.flatlens.analysis.jacobians;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.flatlens.analysis.linalg.Lanes;
import org.junit.jupiter.api.Test;

/** {@link Mat#mul} (its short-inner-dimension path), {@link org.flatlens.analysis.linalg.Lanes#dot} and {@link WeightMatrix#smallGram} against plain loops, on edge shapes. */
class SmallProductsTest {
    @Test
    void productMatchesPlainLoopsOnEdgeShapes() {
        SplittableRandom rng = new SplittableRandom(21);
        for (int m : new int[] {1, 3, 4, 5, 17}) {
            for (int n : new int[] {4, 7, 8, 9, 17, 64, 65}) {
                for (int k : new int[] {1, 2, 17, 32}) {
                    double[] a = random(rng, 3 + m * k), b = random(rng, 2 + k * n);
                    double[] c = Mat.mul(false, false, m, n, k, a, 3, b, 2);
                    assertArrayEquals(naive(m, n, k, a, 3, b, 2), c, 1e-13 * k, m + "×" + n + "×" + k);
                }
            }
        }
    }

    @Test
    void dotMatchesPlainLoop() {
        SplittableRandom rng = new SplittableRandom(22);
        for (int len : new int[] {0, 1, 3, 4, 7, 8, 9, 100, 1088}) {
            double[] x = random(rng, len + 5), y = random(rng, len + 2);
            double want = 0;
            for (int j = 0; j < len; j++) want += x[5 + j] * y[2 + j];
            assertEquals(want, Lanes.dot(x, 5, y, 2, len), 1e-13 * Math.max(1, len));
        }
    }

    /** Strips of 128 rows: shapes across a strip boundary, both orientations; the result is exactly symmetric. */
    @Test
    void smallGramMatchesPlainLoopsAndIsSymmetric() {
        SplittableRandom rng = new SplittableRandom(23);
        for (int[] rc : new int[][] {{3, 5}, {5, 3}, {130, 300}, {300, 130}}) {
            int rows = rc[0], cols = rc[1], n = Math.min(rows, cols);
            double[] w = random(rng, rows * cols);
            double[] g = new WeightMatrix(rows, cols, w).smallGram();
            double[] want = rows <= cols ? naive(rows, rows, cols, w, 0, transpose(w, rows, cols), 0)
                    : naive(cols, cols, rows, transpose(w, rows, cols), 0, w, 0);
            assertArrayEquals(want, g, 1e-12 * Math.max(rows, cols), rows + "×" + cols);
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) assertEquals(g[i * n + j], g[j * n + i]);
        }
    }

    private static double[] naive(int m, int n, int k, double[] a, int aOff, double[] b, int bOff) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[aOff + i * k + p] * b[bOff + p * n + j];
                c[i * n + j] = s;
            }
        }
        return c;
    }

    private static double[] transpose(double[] w, int rows, int cols) {
        double[] t = new double[rows * cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = w[i * cols + j];
        return t;
    }

    private static double[] random(SplittableRandom rng, int len) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) v[i] = rng.nextGaussian();
        return v;
    }
}
