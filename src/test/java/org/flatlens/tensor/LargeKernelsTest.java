package org.flatlens.tensor;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The elementwise and reduction kernels on tensors large enough to be split over threads (more than one chunk of
 * 2¹⁵ elements) give the bits of the element-by-element definitions: splitting never changes an expression or a
 * summation order, so the results are also independent of the thread count.
 */
class LargeKernelsTest {
    private static final int BIG = (1 << 15) * 2 + 123;

    @Test
    void broadcastBinaryOpsMatchNaiveBitForBit() {
        SplittableRandom rng = new SplittableRandom(5);
        // One long run, many short runs (bias rows), few long runs with a broadcast column, a middle axis.
        int[][][] shapes = {{{BIG}, {BIG}}, {{300, 257}, {257}}, {{3, 40_000}, {3, 1}}, {{40, 1, 2000}, {7, 1}}};
        for (int[][] p : shapes) {
            Tensor a = Tensor.randn(rng, p[0]), b = Tensor.uniform(rng, 0.5, 2.0, p[1]);
            Naive.assertSame(ElementwiseOpsTest.naiveZip(a, b, Double::sum), a.add(b));
            Naive.assertSame(ElementwiseOpsTest.naiveZip(a, b, (u, v) -> u - v), a.sub(b));
            Naive.assertSame(ElementwiseOpsTest.naiveZip(a, b, (u, v) -> u * v), a.mul(b));
            Naive.assertSame(ElementwiseOpsTest.naiveZip(b, a, (u, v) -> u / v), b.div(a));
            Naive.assertSame(ElementwiseOpsTest.naiveZip(a, b, Math::max), a.zip(b, Math::max));
        }
    }

    @Test
    void expandMatchesNaiveBroadcast() {
        SplittableRandom rng = new SplittableRandom(6);
        int[][][] cases = {{{257}, {300, 257}}, {{3, 1}, {3, 40_000}}, {{1}, {BIG}}, {{7, 1}, {40, 7, 300}}};
        for (int[][] c : cases) {
            Tensor a = Tensor.randn(rng, c[0]);
            Shape target = Shape.of(c[1]);
            Naive.assertSame(ElementwiseOpsTest.naiveZip(a, Tensor.zeros(target), (u, v) -> u), a.expand(target));
        }
    }

    @Test
    void scaleAxpyAndScaleInPlaceMatchTheirDefinitions() {
        SplittableRandom rng = new SplittableRandom(7);
        Tensor x = Tensor.randn(rng, BIG), y = Tensor.randn(rng, BIG), y0 = y.copy();
        Tensor s = x.mul(-1.7);
        y.axpyInPlace(0.3, x);
        Tensor z = x.copy().scaleInPlace(2.5);
        for (int i = 0; i < BIG; i++) {
            double xi = x.data()[i];
            assertBits(-1.7 * xi, s.data()[i]);
            assertBits(y0.data()[i] + 0.3 * xi, y.data()[i]);
            assertBits(xi * 2.5, z.data()[i]);
        }
    }

    @Test
    void fusedBackwardKernelsEqualTheirCompositions() {
        SplittableRandom rng = new SplittableRandom(8);
        Tensor g = Tensor.randn(rng, 300, 257), y = Tensor.randn(rng, 300, 257).tanh();
        Naive.assertSame(g.sub(g.mul(y.pow(2.0))), ElementwiseOps.tanhBackward(g, y));
        Naive.assertSame(g.mul(y.mul(2.0)), ElementwiseOps.mulScaled(g, y, 2.0));
        Tensor x = Tensor.randn(rng, 300, 257);
        Tensor[] d = ElementwiseOps.productRuleBackward(g, x, y);
        Naive.assertSame(g.mul(y), d[0]);
        Naive.assertSame(g.mul(x), d[1]);
        assertThrows(IllegalArgumentException.class,
                () -> ElementwiseOps.productRuleBackward(g, x, Tensor.zeros(300, 1)));
        assertThrows(IllegalArgumentException.class, () -> ElementwiseOps.tanhBackward(g, Tensor.zeros(257)));
        assertThrows(IllegalArgumentException.class, () -> ElementwiseOps.mulScaled(g, Tensor.zeros(300, 1), 2.0));
    }

    /** The in-place backward kernels give the bits of their allocating versions (and of the composition for relu). */
    @Test
    void inPlaceBackwardKernelsEqualTheAllocatingOnes() {
        SplittableRandom rng = new SplittableRandom(10);
        Tensor g = Tensor.randn(rng, 300, 257), x = Tensor.randn(rng, 300, 257);
        Tensor y = RowOps.softmax(x), n = RowOps.layerNorm(x, 1e-6), rstd = RowOps.reciprocalStd(x, 1e-6);
        Naive.assertSame(g.mul(x.step()), ElementwiseOps.reluBackwardInPlace(g.copy(), x));
        Naive.assertSame(g.mul(y), ElementwiseOps.mulInPlace(g.copy(), y));
        Naive.assertSame(RowOps.softmaxBackward(g, y), RowOps.softmaxBackwardInPlace(g.copy(), y));
        Naive.assertSame(RowOps.layerNormBackward(g, n, rstd), RowOps.layerNormBackwardInPlace(g.copy(), n, rstd));
        assertThrows(IllegalArgumentException.class, () -> ElementwiseOps.mulInPlace(g, Tensor.zeros(257)));
    }

    /** Permutes split over threads (by runs of the last axis, strided or contiguous) copy as the naive permute. */
    @Test
    void largePermutesMatchNaive() {
        SplittableRandom rng = new SplittableRandom(11);
        Tensor a = Tensor.randn(rng, 3, 37, 4, 17, 16);
        for (int[] p : new int[][] {{2, 0, 3, 1, 4}, {1, 3, 0, 2, 4}, {4, 3, 2, 1, 0}, {0, 1, 2, 4, 3}}) {
            Naive.assertSame(MovementOpsTest.naivePermute(a, p), a.permute(p));
        }
    }

    @Test
    void largeSumsMatchNaiveBitForBit() {
        SplittableRandom rng = new SplittableRandom(9);
        int[][] dims = {{1000, 300}, {300, 1000}, {4, 5000, 7}, {2, 3, 20_000}};
        for (int[] d : dims) {
            Tensor a = Tensor.randn(rng, d);
            for (int m = 1; m < 1 << d.length; m++) {
                boolean[] mask = new boolean[d.length];
                int[] axes = new int[Integer.bitCount(m)];
                for (int k = 0, j = 0; k < d.length; k++) {
                    if ((m >> k & 1) == 0) continue;
                    mask[k] = true;
                    axes[j++] = k;
                }
                Naive.assertSame(ReduceOpsTest.naiveSum(a, mask, true), a.sum(axes, true));
            }
        }
    }

    private static void assertBits(double expected, double actual) {
        org.junit.jupiter.api.Assertions.assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual));
    }
}
