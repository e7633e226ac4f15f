package org.flatlens.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinalgOpsTest {
    /** op(a) @ op(b) by triple loop per broadcast batch element, reading through broadcastRead. */
    static Tensor naiveMatmul(Tensor a, Tensor b, boolean ta, boolean tb) {
        int ra = a.rank(), rb = b.rank();
        int m = ta ? a.dim(ra - 1) : a.dim(ra - 2), k = ta ? a.dim(ra - 2) : a.dim(ra - 1);
        int n = tb ? b.dim(rb - 2) : b.dim(rb - 1);
        Shape batchA = Shape.of(java.util.Arrays.copyOf(a.shape().dims(), ra - 2));
        Shape batchB = Shape.of(java.util.Arrays.copyOf(b.shape().dims(), rb - 2));
        Shape batch = Shape.broadcast(batchA, batchB);
        int[] od = java.util.Arrays.copyOf(batch.dims(), batch.rank() + 2);
        od[batch.rank()] = m;
        od[batch.rank() + 1] = n;
        Tensor out = Tensor.zeros(od);
        for (int i = 0; i < out.size(); i++) {
            int[] oi = Naive.unravel(i, out.shape());
            int row = oi[oi.length - 2], col = oi[oi.length - 1];
            double acc = 0;
            for (int p = 0; p < k; p++) {
                acc += read(a, oi, ta ? p : row, ta ? row : p) * read(b, oi, tb ? col : p, tb ? p : col);
            }
            out.data()[i] = acc;
        }
        return out;
    }

    /** t[batch(outIdx), r, c] with t's batch axes broadcast against the output's. */
    private static double read(Tensor t, int[] outIdx, int r, int c) {
        int[] idx = outIdx.clone();
        idx[idx.length - 2] = r;
        idx[idx.length - 1] = c;
        int off = idx.length - t.rank();
        int[] ti = new int[t.rank()];
        for (int d = 0; d < t.rank(); d++) ti[d] = d >= t.rank() - 2 || t.dim(d) != 1 ? idx[off + d] : 0;
        return t.get(ti);
    }

    private static int[] dims(String s) {
        return java.util.Arrays.stream(s.split("x")).mapToInt(Integer::parseInt).toArray();
    }

    /** Shapes of a and b as stored (already transposed where the flag is set). */
    @ParameterizedTest(name = "{0} @ {1}, transA={2}, transB={3}")
    @CsvSource({
        "3x4, 4x5, false, false", "4x3, 4x5, true, false", "3x4, 5x4, false, true", "4x3, 5x4, true, true",
        "2x3x4, 2x4x5, false, false", "2x4x3, 2x5x4, true, true",
        "2x3x4, 4x5, false, false", "2x3x4, 5x4, false, true", "2x4x3, 4x5, true, false",
        "3x4, 2x4x5, false, false", "4x3, 2x5x4, true, true",
        "2x1x3x4, 5x4x2, false, false", "2x1x4x3, 5x2x4, true, true", "1x3x4, 2x4x5, false, false",
        "2x3x4, 1x1x4x5, false, false", "3x1x2x4, 1x4x4x6, false, false",
        "1x1, 1x1, false, false", "3x0, 0x2, false, false", "0x3, 3x2, false, false",
        // stacks of small products (attention's shapes and odd tails), computed by SmallGemm
        "6x4x17x16, 6x4x17x16, false, true", "6x4x17x17, 6x4x17x16, false, false", "6x4x17x17, 6x4x17x16, true, false",
        "5x9x17, 5x23x9, true, true", "3x1x5x7, 1x4x7x3, false, false"})
    void matmulMatchesNaive(String sa, String sb, boolean ta, boolean tb) {
        SplittableRandom rng = new SplittableRandom(sa.hashCode() + 7L * sb.hashCode());
        Tensor a = Tensor.randn(rng, dims(sa)), b = Tensor.randn(rng, dims(sb));
        Naive.assertClose(naiveMatmul(a, b, ta, tb), a.matmul(b, ta, tb), 1e-13);
    }

    @Test
    void transposeFlagsEqualExplicitTransposes() {
        SplittableRandom rng = new SplittableRandom(41);
        Tensor a = Tensor.randn(rng, 3, 5, 4), b = Tensor.randn(rng, 3, 6, 5);
        Naive.assertClose(a.transpose(1, 2).matmul(b.transpose(1, 2)), a.matmul(b, true, true), 1e-13);
    }

    @Test
    void knownProduct() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new double[] {7, 8, 9, 10, 11, 12}, 3, 2);
        Naive.assertSame(Tensor.of(new double[] {58, 64, 139, 154}, 2, 2), a.matmul(b));
    }

    @Test
    void largeProductAcrossParallelChunks() {
        SplittableRandom rng = new SplittableRandom(42);
        Tensor a = Tensor.randn(rng, 130, 70), b = Tensor.randn(rng, 70, 90);
        Naive.assertClose(naiveMatmul(a, b, false, false), a.matmul(b), 1e-13);
    }

    @Test
    void badShapesFailClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)));
        assertEquals(true, e.getMessage().contains("inner"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).matmul(Tensor.zeros(3, 2)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)));
    }
}
