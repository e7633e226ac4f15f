package org.flatlens.analysis.jacobians;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.flatlens.tensor.kernels.Lanes;
import org.flatlens.tensor.kernels.MatMul;
import org.junit.jupiter.api.Test;

/** {@link MatMul#multiply} (its short-inner-dimension path), {@link org.flatlens.tensor.kernels.Lanes#dot} and {@link WeightMatrix#smallGram} against plain loops, on edge shapes. */
class SmallProductsTest {
    @Test
    void productMatchesPlainLoopsOnEdgeShapes() {
        SplittableRandom rng = new SplittableRandom(21);
        for (int m : new int[] {1, 3, 4, 5, 17}) {
            for (int n : new int[] {4, 7, 8, 9, 17, 64, 65}) {
                for (int k : new int[] {1, 2, 17, 32}) {
                    double[] a = random(rng, 3 + m * k), b = random(rng, 2 + k * n);
                    double[] c = new double[m * n];
                    MatMul.multiply(m, n, k, a, 3, b, 2, c, 0);
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

    /** Upper-trapezoidal R (zeros below the diagonal) times B, strip by strip, against a full product. */
    @Test
    void upperTimesMatchesFullProduct() {
        SplittableRandom rng = new SplittableRandom(24);
        for (int[] rm : new int[][] {{1, 1}, {3, 5}, {5, 5}, {17, 17}, {6, 30}, {25, 40}}) {
            int r = rm[0], m = rm[1];
            double[] rr = random(rng, r * m);
            for (int i = 0; i < r; i++) for (int p = 0; p < Math.min(i, m); p++) rr[i * m + p] = 0;
            for (int n : new int[] {1, 6, 64, 67}) {
                double[] b = random(rng, 3 + m * (n + 2)), c = random(rng, 2 + r * n);
                MatMul.upperTimes(r, m, rr, n, b, 3, n + 2, c, 2);
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < n; j++) {
                        double want = 0;
                        for (int p = 0; p < m; p++) want += rr[i * m + p] * b[3 + p * (n + 2) + j];
                        assertEquals(want, c[2 + i * n + j], 1e-13 * m, r + "×" + m + "×" + n);
                    }
                }
            }
        }
    }

    /** Lanes.gram has the bits of one dot per entry, and is exactly symmetric. */
    @Test
    void blockGramEqualsDots() {
        SplittableRandom rng = new SplittableRandom(25);
        for (int k : new int[] {1, 3, 4, 5, 10}) {
            for (int len : new int[] {1, 7, 8, 16, 17, 24, 1088}) {
                double[] x = random(rng, k * len);
                double[][] m = new double[k][k];
                Lanes.gram(x, k, len, m);
                for (int c = 0; c < k; c++) {
                    for (int c2 = 0; c2 < k; c2++) {
                        assertEquals(Lanes.dot(x, Math.min(c, c2) * len, x, Math.max(c, c2) * len, len), m[c][c2]);
                    }
                }
            }
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
