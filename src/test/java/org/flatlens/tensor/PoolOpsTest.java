package org.flatlens.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PoolOpsTest {
    /** Window maxima by brute force, first maximum on ties, first NaN wins. */
    static int[] naiveIndices(Tensor x, int k, int s) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3), ho = (h - k) / s + 1, wo = (w - k) / s + 1;
        int[] out = new int[n * c * ho * wo];
        int q = 0;
        for (int in = 0; in < n; in++)
            for (int ic = 0; ic < c; ic++)
                for (int a = 0; a < ho; a++)
                    for (int b = 0; b < wo; b++) {
                        int best = -1;
                        window:
                        for (int i = 0; i < k; i++)
                            for (int j = 0; j < k; j++) {
                                int f = Naive.ravel(new int[] {in, ic, a * s + i, b * s + j}, x.shape());
                                double v = x.data()[f];
                                if (best < 0 || Double.isNaN(v) || v > x.data()[best]) best = f;
                                if (Double.isNaN(v)) break window;
                            }
                        out[q++] = best;
                    }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"2,3,8,8,2,2", "1,2,7,7,2,2", "2,2,7,9,3,2", "1,1,5,5,3,1", "2,1,6,6,6,1", "1,3,9,8,2,3"})
    void indicesMatchBruteForce(int n, int c, int h, int w, int k, int s) {
        Tensor x = Tensor.randn(new SplittableRandom(5), n, c, h, w);
        assertEquals(Shape.of(n, c, (h - k) / s + 1, (w - k) / s + 1), PoolOps.maxPool2dShape(x.shape(), k, s));
        assertArrayEquals(naiveIndices(x, k, s), PoolOps.maxPool2dIndices(x, k, s));
    }

    @Test
    void pooledValuesAndGradientThroughGatherAndScatter() {
        Tensor x = Tensor.of(new double[] {
            1, 5, 2, 0,
            3, 4, 8, 7,
            -1, -2, 6, 6,
            -3, -4, 6, 6}, 1, 1, 4, 4);
        int[] idx = PoolOps.maxPool2dIndices(x, 2, 2);
        Shape out = PoolOps.maxPool2dShape(x.shape(), 2, 2);
        Naive.assertSame(Tensor.of(new double[] {5, 8, -1, 6}, 1, 1, 2, 2), x.gather(idx, out));
        assertArrayEquals(new int[] {1, 6, 8, 10}, idx, "ties pick the first maximum in row-major order");
        Tensor g = Tensor.of(new double[] {10, 20, 30, 40}, 1, 1, 2, 2);
        Tensor dx = g.scatterAdd(idx, x.shape());
        double[] expected = new double[16];
        expected[1] = 10;
        expected[6] = 20;
        expected[8] = 30;
        expected[10] = 40;
        Naive.assertSame(new Tensor(x.shape(), expected), dx);
    }

    @Test
    void overlappingWindowsAccumulateGradient() {
        // 3x3 windows with stride 1 on a 4x4 plane whose maximum sits in the middle: every window picks it.
        Tensor x = Tensor.zeros(1, 1, 4, 4);
        x.set(9.0, 0, 0, 1, 2);
        int[] idx = PoolOps.maxPool2dIndices(x, 3, 1);
        assertArrayEquals(new int[] {6, 6, 6, 6}, idx);
        assertEquals(4.0, Tensor.ones(1, 1, 2, 2).scatterAdd(idx, x.shape()).get(0, 0, 1, 2));
    }

    @Test
    void nanPropagatesAndIsFoundWherever() {
        Tensor x = Tensor.of(new double[] {1, Double.NaN, 3, 2, 7, Double.NaN, 9, 4, 5}, 1, 1, 3, 3);
        int[] idx = PoolOps.maxPool2dIndices(x, 2, 1);
        assertArrayEquals(new int[] {1, 1, 6, 5}, idx);
        Tensor first = Tensor.of(new double[] {Double.NaN, 1, 2, 3}, 1, 1, 2, 2);
        assertArrayEquals(new int[] {0}, PoolOps.maxPool2dIndices(first, 2, 2));
    }

    @Test
    void infinitiesAndNegativeValues() {
        Tensor x = Tensor.of(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, -5, -3}, 1, 1, 2, 2);
        assertArrayEquals(new int[] {3}, PoolOps.maxPool2dIndices(x, 2, 2));
        Tensor allNegInf = Tensor.full(Shape.of(1, 1, 2, 2), Double.NEGATIVE_INFINITY);
        assertArrayEquals(new int[] {0}, PoolOps.maxPool2dIndices(allNegInf, 2, 2));
    }

    @Test
    void floorModeDropsTheRemainder() {
        assertEquals(Shape.of(2, 3, 3, 2), PoolOps.maxPool2dShape(Shape.of(2, 3, 7, 5), 2, 2));
        assertEquals(Shape.of(1, 1, 1, 1), PoolOps.maxPool2dShape(Shape.of(1, 1, 3, 3), 3, 3));
    }

    @Test
    void badArgumentsFailClearly() {
        assertThrows(IllegalArgumentException.class, () -> PoolOps.maxPool2dShape(Shape.of(1, 4, 4), 2, 2));
        assertThrows(IllegalArgumentException.class, () -> PoolOps.maxPool2dShape(Shape.of(1, 1, 4, 4), 0, 2));
        assertThrows(IllegalArgumentException.class, () -> PoolOps.maxPool2dShape(Shape.of(1, 1, 4, 4), 2, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoolOps.maxPool2dIndices(Tensor.zeros(1, 1, 4, 2), 3, 1));
        assertTrue(e.getMessage().contains("kernel"), e.getMessage());
    }

    /** The 2×2 fast path on values with many ties (small integers), strides 1 and 2, against the brute force. */
    @Test
    void twoByTwoWindowsWithManyTiesMatchBruteForce() {
        SplittableRandom rng = new SplittableRandom(6);
        Tensor x = Tensor.zeros(3, 2, 7, 9);
        for (int i = 0; i < x.size(); i++) x.data()[i] = rng.nextInt(3) - 1.0;
        x.data()[5] = -0.0;
        for (int s = 1; s <= 2; s++) assertArrayEquals(naiveIndices(x, 2, s), PoolOps.maxPool2dIndices(x, 2, s));
    }
}
