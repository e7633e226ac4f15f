package org.flatlens.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MovementOpsTest {
    /** out[i_0..i_{r-1}] = a[j] with j[p[d]] = i_d, element by element. */
    static Tensor naivePermute(Tensor a, int[] p) {
        int[] outDims = new int[p.length];
        for (int d = 0; d < p.length; d++) outDims[d] = a.dim(p[d]);
        Tensor out = Tensor.zeros(outDims);
        for (int i = 0; i < out.size(); i++) {
            int[] oi = Naive.unravel(i, out.shape());
            int[] ai = new int[p.length];
            for (int d = 0; d < p.length; d++) ai[p[d]] = oi[d];
            out.data()[i] = a.get(ai);
        }
        return out;
    }

    @Test
    void permuteMatchesNaiveForAllPermutations() {
        SplittableRandom rng = new SplittableRandom(31);
        for (int[] dims : new int[][] {{2, 3, 4, 5}, {1, 3, 1, 2}, {3, 4, 2}, {5, 1}}) {
            Tensor a = Tensor.randn(rng, dims);
            for (int[] p : Naive.permutations(dims.length)) Naive.assertSame(naivePermute(a, p), a.permute(p));
        }
    }

    @Test
    void permuteAcceptsNegativeAxesAndRejectsNonPermutations() {
        Tensor a = Tensor.randn(new SplittableRandom(32), 2, 3, 4);
        Naive.assertSame(a.permute(2, 0, 1), a.permute(-1, 0, -2));
        Naive.assertSame(a.permute(0, 2, 1), a.transpose(1, 2));
        assertThrows(IllegalArgumentException.class, () -> a.permute(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> a.permute(0, 1));
        assertThrows(IllegalArgumentException.class, () -> a.permute(0, 1, 3));
        Naive.assertSame(Tensor.scalar(4), Tensor.scalar(4).permute());
        assertEquals(Shape.of(0, 3, 2), Tensor.zeros(2, 3, 0).permute(2, 1, 0).shape());
    }

    @Test
    void reshapeInfersOneDimension() {
        Tensor a = Tensor.randn(new SplittableRandom(33), 2, 3, 4);
        assertEquals(Shape.of(6, 4), a.reshape(-1, 4).shape());
        assertEquals(Shape.of(2, 12), a.reshape(2, -1).shape());
        assertThrows(IllegalArgumentException.class, () -> a.reshape(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> a.reshape(5, -1));
        assertThrows(IllegalArgumentException.class, () -> a.reshape(5, 5));
        assertThrows(IllegalArgumentException.class, () -> a.reshape(0, -1));
    }

    @Test
    void sliceMatchesNaiveAndPadIsItsAdjoint() {
        SplittableRandom rng = new SplittableRandom(34);
        Tensor a = Tensor.randn(rng, 3, 5, 4);
        for (int axis = 0; axis < 3; axis++) {
            int len = a.dim(axis);
            for (int start = 0; start <= len; start++) {
                for (int end = start; end <= len; end++) {
                    Tensor s = a.slice(axis, start, end);
                    for (int i = 0; i < s.size(); i++) {
                        int[] idx = Naive.unravel(i, s.shape());
                        idx[axis] += start;
                        assertEquals(a.get(idx), s.data()[i]);
                    }
                    // <slice(a), b> = <a, pad(b)>: pad with zeros is the adjoint of slice.
                    Tensor b = Tensor.randn(rng, s.shape().dims());
                    Tensor padded = b.pad(axis, start, len - end);
                    assertEquals(a.shape(), padded.shape());
                    assertEquals(s.dot(b), a.dot(padded), 1e-13 * (1 + Math.abs(s.dot(b))));
                    Naive.assertSame(b, padded.slice(axis, start, end));
                }
            }
        }
    }

    @Test
    void padPutsZerosAround() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        Naive.assertSame(Tensor.of(new double[] {0, 1, 2, 0, 0, 0, 3, 4, 0, 0}, 2, 5), a.pad(-1, 1, 2));
        Naive.assertSame(Tensor.of(new double[] {0, 0, 1, 2, 3, 4}, 3, 2), a.pad(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> a.pad(0, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> a.slice(0, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> a.slice(0, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> a.slice(0, -1, 1));
    }

    @Test
    void concatIsUndoneBySlices() {
        SplittableRandom rng = new SplittableRandom(35);
        for (int axis = -3; axis < 3; axis++) {
            int ax = Math.floorMod(axis, 3);
            int[] d1 = {2, 3, 4}, d2 = {2, 3, 4}, d3 = {2, 3, 4};
            d1[ax] = 1;
            d2[ax] = 3;
            d3[ax] = 2;
            Tensor a = Tensor.randn(rng, d1), b = Tensor.randn(rng, d2), c = Tensor.randn(rng, d3);
            Tensor cat = Tensor.concat(axis, a, b, c);
            assertEquals(6, cat.dim(ax));
            Naive.assertSame(a, cat.slice(ax, 0, 1));
            Naive.assertSame(b, cat.slice(ax, 1, 4));
            Naive.assertSame(c, cat.slice(ax, 4, 6));
        }
    }

    @Test
    void concatRejectsMismatches() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 4)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0, Tensor.zeros(2, 3), Tensor.zeros(6)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.concat(2, Tensor.zeros(2, 3), Tensor.zeros(2, 3)));
    }

    @Test
    void expandMatchesNaiveBroadcast() {
        SplittableRandom rng = new SplittableRandom(36);
        int[][][] cases = {
            {{3, 1}, {2, 3, 4}}, {{1, 4}, {3, 4}}, {{}, {2, 2}}, {{2, 1, 3}, {2, 4, 3}}, {{4}, {2, 3, 4}}};
        for (int[][] c : cases) {
            Tensor a = Tensor.randn(rng, c[0]);
            Shape target = Shape.of(c[1]);
            Tensor e = a.expand(target);
            assertEquals(target, e.shape());
            for (int i = 0; i < e.size(); i++) {
                assertEquals(Naive.broadcastRead(a, Naive.unravel(i, target)), e.data()[i]);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).expand(Shape.of(3)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).expand(Shape.of(4, 3)));
    }

    @Test
    void gatherAndScatterAddAreAdjoint() {
        SplittableRandom rng = new SplittableRandom(37);
        Tensor a = Tensor.randn(rng, 4, 5);
        int[] idx = new int[30];
        for (int i = 0; i < idx.length; i++) idx[i] = rng.nextInt(a.size()); // repeats on purpose
        Shape out = Shape.of(5, 6);
        Tensor g = a.gather(idx, out);
        for (int i = 0; i < idx.length; i++) assertEquals(a.data()[idx[i]], g.data()[i]);
        Tensor r = Tensor.randn(rng, 5, 6);
        Tensor s = r.scatterAdd(idx, a.shape());
        assertTrue(Naive.relDiff(g.dot(r), a.dot(s)) < 1e-13);
        double[] expected = new double[a.size()];
        for (int i = 0; i < idx.length; i++) expected[idx[i]] += r.data()[i];
        Naive.assertClose(new Tensor(a.shape(), expected), s, 0);
    }

    @Test
    void gatherAndScatterRejectMismatchedCounts() {
        Tensor a = Tensor.zeros(2, 3);
        assertThrows(IllegalArgumentException.class, () -> a.gather(new int[] {0, 1}, Shape.of(3)));
        assertThrows(IllegalArgumentException.class, () -> a.scatterAdd(new int[] {0, 1}, Shape.of(4)));
    }
}
