package org.flatlens.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReduceOpsTest {
    /** Sum over the axes in {@code mask}, by visiting every element and dropping the reduced coordinates. */
    static Tensor naiveSum(Tensor a, boolean[] mask, boolean keepDims) {
        Shape s = a.shape();
        int[] kept = s.dims();
        for (int d = 0; d < s.rank(); d++) if (mask[d]) kept[d] = 1;
        Shape ks = Shape.of(kept);
        double[] out = new double[ks.size()];
        for (int i = 0; i < a.size(); i++) {
            int[] idx = Naive.unravel(i, s);
            for (int d = 0; d < s.rank(); d++) if (mask[d]) idx[d] = 0;
            out[Naive.ravel(idx, ks)] += a.data()[i];
        }
        if (keepDims) return new Tensor(ks, out);
        List<Integer> left = new ArrayList<>();
        for (int d = 0; d < s.rank(); d++) if (!mask[d]) left.add(s.dim(d));
        return new Tensor(Shape.of(left.stream().mapToInt(Integer::intValue).toArray()), out);
    }

    @Test
    void sumOverEveryAxisSubsetMatchesNaive() {
        SplittableRandom rng = new SplittableRandom(21);
        for (int[] dims : new int[][] {{2, 3, 4, 5}, {3, 1, 4, 2}, {1, 5, 1, 3}, {4, 3, 2}}) {
            Tensor a = Tensor.randn(rng, dims);
            int r = dims.length;
            for (int m = 0; m < 1 << r; m++) {
                boolean[] mask = new boolean[r];
                int[] axes = new int[Integer.bitCount(m)];
                for (int d = 0, j = 0; d < r; d++) {
                    if ((m >> d & 1) == 0) continue;
                    mask[d] = true;
                    axes[j++] = (j % 2 == 0) ? d : d - r; // mix positive and negative axes
                }
                for (boolean keep : new boolean[] {true, false}) {
                    Naive.assertClose(naiveSum(a, mask, keep), a.sum(axes, keep), 1e-14);
                }
            }
        }
    }

    @Test
    void sumOfAllAxesEqualsSumAll() {
        Tensor a = Tensor.randn(new SplittableRandom(22), 3, 4, 5);
        Tensor s = a.sum(new int[] {0, 1, 2}, false);
        assertEquals(Shape.scalar(), s.shape());
        assertEquals(a.sum(), s.item(), 1e-13);
        assertEquals(Shape.of(1, 1, 1), a.sum(new int[] {0, 1, 2}, true).shape());
        assertEquals(a.sum() / 60, a.mean(), 1e-15);
    }

    @Test
    void repeatedAxesAreReducedOnce() {
        Tensor a = Tensor.randn(new SplittableRandom(23), 3, 4);
        Naive.assertSame(a.sum(1, false), a.sum(new int[] {1, -1}, false));
    }

    @Test
    void emptyAxisListCopies() {
        Tensor a = Tensor.randn(new SplittableRandom(24), 3, 4);
        Tensor s = a.sum(new int[0], false);
        Naive.assertSame(a, s);
        s.data()[0] += 1;
        assertTrue(a.data()[0] != s.data()[0], "result must not alias the input");
    }

    @Test
    void badAxisFails() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).sum(2, false));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).sum(-3, true));
    }

    @Test
    void dotAndNorm() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2), b = Tensor.of(new double[] {5, 6, 7, 8}, 4);
        assertEquals(70.0, a.dot(b));
        assertEquals(Math.sqrt(30), a.norm());
        assertThrows(IllegalArgumentException.class, () -> a.dot(Tensor.zeros(3)));
    }

    @Test
    void sumToMatchesNaiveForBroadcastTargets() {
        SplittableRandom rng = new SplittableRandom(25);
        Tensor a = Tensor.randn(rng, 2, 3, 4, 5);
        int[][] targets = {
            {2, 3, 4, 5}, {3, 1, 5}, {1, 4, 1}, {5}, {}, {2, 1, 1, 5}, {1, 1, 1, 1}, {4, 5}, {1, 3, 4, 1}};
        for (int[] t : targets) {
            Shape target = Shape.of(t);
            Tensor expected = naiveSumTo(a, target);
            Tensor got = a.sumTo(target);
            Naive.assertClose(expected, got, 1e-14);
            // sumTo is the adjoint of expand: <expand(b), a> = <b, sumTo(a)>.
            Tensor b = Tensor.randn(rng, t);
            assertTrue(Naive.relDiff(b.expand(a.shape()).dot(a), b.dot(got)) < 1e-13, "target " + target);
        }
    }

    private static Tensor naiveSumTo(Tensor a, Shape target) {
        Tensor out = Tensor.zeros(target);
        int off = a.rank() - target.rank();
        for (int i = 0; i < a.size(); i++) {
            int[] idx = Naive.unravel(i, a.shape());
            int[] t = new int[target.rank()];
            for (int d = 0; d < t.length; d++) t[d] = target.dim(d) == 1 ? 0 : idx[off + d];
            out.data()[Naive.ravel(t, target)] += a.data()[i];
        }
        return out;
    }

    @Test
    void sumToRejectsNonBroadcastTargets() {
        Tensor a = Tensor.zeros(2, 3, 4);
        assertThrows(IllegalArgumentException.class, () -> a.sumTo(Shape.of(2, 4)));
        assertThrows(IllegalArgumentException.class, () -> a.sumTo(Shape.of(1, 2, 3, 4)));
        assertThrows(IllegalArgumentException.class, () -> a.sumTo(Shape.of(3, 3)));
    }

    @Test
    void argmaxIndicesMatchNaiveOnEveryAxis() {
        SplittableRandom rng = new SplittableRandom(26);
        Tensor a = Tensor.randn(rng, 3, 4, 5);
        for (int axis = -3; axis < 3; axis++) {
            int ax = a.shape().axis(axis);
            Shape out = ReduceOps.reducedShape(a.shape(), new int[] {ax}, false);
            int[] expected = new int[out.size()];
            for (int o = 0; o < out.size(); o++) {
                int[] oi = Naive.unravel(o, out);
                int best = -1;
                for (int k = 0; k < a.dim(ax); k++) {
                    int[] idx = insert(oi, ax, k);
                    int f = Naive.ravel(idx, a.shape());
                    if (best < 0 || a.data()[f] > a.data()[best]) best = f;
                }
                expected[o] = best;
            }
            assertArrayEquals(expected, a.argmaxIndices(axis), "axis " + axis);
            Naive.assertSame(a.gather(expected, out), a.max(axis, false));
        }
    }

    private static int[] insert(int[] idx, int at, int v) {
        int[] r = new int[idx.length + 1];
        for (int i = 0, j = 0; i < r.length; i++) r[i] = i == at ? v : idx[j++];
        return r;
    }

    @Test
    void argmaxTiesPickTheFirstAndNanPropagates() {
        Tensor a = Tensor.of(new double[] {
            1, 3, 3,
            Double.NaN, 5, 5,
            2, Double.NaN, Double.NaN,
            Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, 4, 3);
        assertArrayEquals(new int[] {1, 3, 7, 9}, a.argmaxIndices(1));
        assertArrayEquals(new int[] {3, 7, 8}, a.argmaxIndices(0));
        assertEquals(Shape.of(4, 1), a.max(1, true).shape());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 0).argmaxIndices(1));
    }

    /** The bias-gradient pattern [N, C, H, W] → [1, C, 1, 1] adds each output's inputs in flat order, bit for bit. */
    @Test
    void sumAroundAKeptMiddleBlockIsTheFlatOrderSum() {
        Tensor a = Tensor.randn(new SplittableRandom(22), 3, 4, 5, 6);
        double[] expected = new double[4];
        for (int i = 0; i < a.size(); i++) expected[(i / 30) % 4] += a.data()[i];
        Tensor got = a.sumTo(Shape.of(4, 1, 1));
        for (int c = 0; c < 4; c++) assertEquals(expected[c], got.data()[c]);
    }
}
