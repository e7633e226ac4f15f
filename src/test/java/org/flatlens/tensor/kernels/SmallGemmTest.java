package org.flatlens.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link SmallGemm} against plain loops on edge shapes, with offsets and strides, and bit for bit against Gemm. */
class SmallGemmTest {
    @Test
    void productMatchesPlainLoopsOnEdgeShapes() {
        SplittableRandom rng = new SplittableRandom(21);
        for (int m : new int[] {1, 3, 4, 5, 17}) {
            for (int n : new int[] {1, 4, 7, 8, 9, 16, 17, 24, 64, 65}) {
                for (int k : new int[] {1, 2, 17, 32}) {
                    for (boolean transA : new boolean[] {false, true}) {
                        int ldc = n + 3, aRow = transA ? 1 : k, aCol = transA ? m : 1;
                        double[] a = random(rng, 3 + m * k), b = random(rng, 2 + k * (n + 1));
                        double[] c = new double[1 + m * ldc], want = c.clone();
                        SmallGemm.multiply(m, n, k, a, 3, aRow, aCol, b, 2, n + 1, c, 1, ldc);
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double s = 0;
                                for (int p = 0; p < k; p++) s += a[3 + i * aRow + p * aCol] * b[2 + p * (n + 1) + j];
                                want[1 + i * ldc + j] = s;
                            }
                        }
                        assertArrayEquals(want, c, 1e-13 * k, m + "×" + n + "×" + k + " transA=" + transA);
                    }
                }
            }
        }
    }

    /** The class's promise: each element sums its k terms in the same fused order as Gemm's tiles. */
    @Test
    void sameBitsAsGemm() {
        SplittableRandom rng = new SplittableRandom(22);
        for (int[] mnk : new int[][] {{17, 17, 16}, {17, 16, 17}, {20, 33, 64}}) {
            int m = mnk[0], n = mnk[1], k = mnk[2];
            double[] a = random(rng, m * k), b = random(rng, k * n), c = new double[m * n], g = new double[m * n];
            SmallGemm.multiply(m, n, k, a, 0, k, 1, b, 0, n, c, 0, n);
            Gemm.gemm(false, false, m, n, k, a, 0, k, b, 0, n, g, 0, n, false);
            for (int i = 0; i < c.length; i++) assertEquals(g[i], c[i], 0.0, m + "×" + n + "×" + k + " at " + i);
        }
    }

    private static double[] random(SplittableRandom rng, int len) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) v[i] = rng.nextGaussian();
        return v;
    }
}
