package org.flatlens.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ConvOps against a 7-loop reference, and the adjoint identities tying conv2d, its transpose and its weight grad. */
class ConvOpsTest {
    /** n, c, h, w, o, kh, kw, stride, padding. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(2, 3, 5, 5, 4, 3, 3, 1, 1),   // 3x3 "same"
                Arguments.of(2, 3, 6, 5, 2, 3, 3, 2, 1),   // stride 2, non-square input
                Arguments.of(3, 2, 7, 7, 3, 1, 1, 1, 0),   // 1x1
                Arguments.of(2, 2, 6, 7, 3, 1, 1, 2, 0),   // 1x1 stride 2
                Arguments.of(2, 3, 14, 14, 5, 7, 7, 7, 0), // 7x7 stride 7 patch embedding
                Arguments.of(2, 3, 8, 8, 4, 5, 5, 1, 2),   // 5x5 pad 2
                Arguments.of(2, 2, 5, 6, 3, 3, 3, 1, 2),   // 3x3 pad 2 (output larger than input)
                Arguments.of(1, 2, 7, 6, 2, 3, 2, 3, 1),   // non-square kernel, stride not dividing
                Arguments.of(2, 1, 3, 3, 2, 5, 5, 1, 1),   // kernel larger than the unpadded input
                Arguments.of(2, 2, 4, 4, 2, 4, 4, 1, 0),   // kernel = input: 1x1 output
                Arguments.of(1, 1, 2, 2, 1, 3, 3, 2, 3));  // padding wider than the image
    }

    /** The 7-loop definition y[n,o,a,b] = Σ_{c,i,j} w[o,c,i,j] x[n,c,a s − p + i, b s − p + j]. */
    static Tensor naiveConv(Tensor x, Tensor w, int s, int p) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3), o = w.dim(0), kh = w.dim(2), kw = w.dim(3);
        int ho = (h + 2 * p - kh) / s + 1, wo = (wd + 2 * p - kw) / s + 1;
        Tensor y = Tensor.zeros(n, o, ho, wo);
        for (int in = 0; in < n; in++)
            for (int io = 0; io < o; io++)
                for (int a = 0; a < ho; a++)
                    for (int b = 0; b < wo; b++) {
                        double acc = 0;
                        for (int ic = 0; ic < c; ic++)
                            for (int i = 0; i < kh; i++)
                                for (int j = 0; j < kw; j++) {
                                    int iy = a * s - p + i, ix = b * s - p + j;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                        acc += w.get(io, ic, i, j) * x.get(in, ic, iy, ix);
                                    }
                                }
                        y.set(acc, in, io, a, b);
                    }
        return y;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void conv2dMatchesSevenLoopReference(int n, int c, int h, int w, int o, int kh, int kw, int s, int p) {
        SplittableRandom rng = new SplittableRandom(11);
        Tensor x = Tensor.randn(rng, n, c, h, w), wt = Tensor.randn(rng, o, c, kh, kw);
        Naive.assertClose(naiveConv(x, wt, s, p), ConvOps.conv2d(x, wt, s, p), 1e-13);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void adjointIdentities(int n, int c, int h, int w, int o, int kh, int kw, int s, int p) {
        SplittableRandom rng = new SplittableRandom(12);
        Tensor x = Tensor.randn(rng, n, c, h, w), wt = Tensor.randn(rng, o, c, kh, kw);
        Tensor y = ConvOps.conv2d(x, wt, s, p);
        Tensor g = Tensor.randn(rng, y.shape().dims());
        double lhs = y.dot(g);
        double viaX = x.dot(ConvOps.conv2dTranspose(g, wt, x.shape(), s, p));
        double viaW = wt.dot(ConvOps.conv2dWeightGrad(x, g, wt.shape(), s, p));
        assertTrue(Naive.relDiff(lhs, viaX) < 1e-12, "<conv2d(x,w),g>=" + lhs + " vs <x,conv2dT(g,w)>=" + viaX);
        assertTrue(Naive.relDiff(lhs, viaW) < 1e-12, "<conv2d(x,w),g>=" + lhs + " vs <w,dW(x,g)>=" + viaW);
    }

    /** The im2col + GEMM path on every case, whichever path ConvOps would route the shape to. */
    @ParameterizedTest
    @MethodSource("cases")
    void im2colPathMatchesReferenceAndAdjointIdentities(int n, int c, int h, int w, int o, int kh, int kw, int s,
                                                       int p) {
        SplittableRandom rng = new SplittableRandom(19);
        Tensor x = Tensor.randn(rng, n, c, h, w), wt = Tensor.randn(rng, o, c, kh, kw);
        int ho = (h + 2 * p - kh) / s + 1, wo = (w + 2 * p - kw) / s + 1;
        ConvOps.Geom g = new ConvOps.Geom(n, c, h, w, o, kh, kw, s, p, ho, wo);
        Tensor y = ConvOps.conv2dIm2col(g, x, wt);
        Naive.assertClose(naiveConv(x, wt, s, p), y, 1e-13);
        Tensor gy = Tensor.randn(rng, y.shape().dims());
        double lhs = y.dot(gy);
        assertTrue(Naive.relDiff(lhs, x.dot(ConvOps.conv2dTransposeIm2col(g, gy, wt))) < 1e-12);
        assertTrue(Naive.relDiff(lhs, wt.dot(ConvOps.conv2dWeightGradIm2col(g, x, gy, wt.shape()))) < 1e-12);
    }

    /** The transpose and weight grad agree elementwise with the brute-force adjoints built from the reference. */
    @ParameterizedTest
    @MethodSource("cases")
    void adjointsMatchBruteForceJacobian(int n, int c, int h, int w, int o, int kh, int kw, int s, int p) {
        SplittableRandom rng = new SplittableRandom(13);
        Tensor x = Tensor.randn(rng, n, c, h, w), wt = Tensor.randn(rng, o, c, kh, kw);
        Tensor g = Tensor.randn(rng, naiveConv(x, wt, s, p).shape().dims());
        // conv2d is linear in x: dx[e] = <conv2d(e-th unit vector, w), g>, and likewise for w.
        Tensor dx = Tensor.zeros(x.shape()), dw = Tensor.zeros(wt.shape());
        for (int e = 0; e < x.size(); e++) dx.data()[e] = naiveConv(unit(x.shape(), e), wt, s, p).dot(g);
        for (int e = 0; e < wt.size(); e++) dw.data()[e] = naiveConv(x, unit(wt.shape(), e), s, p).dot(g);
        Naive.assertClose(dx, ConvOps.conv2dTranspose(g, wt, x.shape(), s, p), 1e-12);
        Naive.assertClose(dw, ConvOps.conv2dWeightGrad(x, g, wt.shape(), s, p), 1e-12);
    }

    private static Tensor unit(Shape s, int e) {
        Tensor t = Tensor.zeros(s);
        t.data()[e] = 1.0;
        return t;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void im2colIsThePatchMatrixAndCol2imItsAdjoint(int n, int c, int h, int w, int o, int kh, int kw, int s, int p) {
        SplittableRandom rng = new SplittableRandom(14);
        Tensor x = Tensor.randn(rng, n, c, h, w), wt = Tensor.randn(rng, o, c, kh, kw);
        Tensor cols = ConvOps.im2col(x, kh, kw, s, p);
        int ho = (h + 2 * p - kh) / s + 1, wo = (w + 2 * p - kw) / s + 1;
        assertEquals(Shape.of(n, ho * wo, c * kh * kw), cols.shape());
        // Y_n = W_mat P_nᵀ (THEORY.md §3): the patch columns are ordered like w.reshape(O, C·kh·kw).
        Tensor y = wt.reshape(o, c * kh * kw).matmul(cols, false, true).reshape(n, o, ho, wo);
        Naive.assertClose(naiveConv(x, wt, s, p), y, 1e-13);
        Tensor r = Tensor.randn(rng, cols.shape().dims());
        double lhs = cols.dot(r), rhs = x.dot(ConvOps.col2im(r, x.shape(), kh, kw, s, p));
        assertTrue(Naive.relDiff(lhs, rhs) < 1e-12, lhs + " vs " + rhs);
    }

    @Test
    void im2colPadsWithZerosAtKnownPositions() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor cols = ConvOps.im2col(x, 3, 3, 1, 1);
        // Output position (0,0): the 3x3 window centred on pixel (0,0).
        double[] first = {0, 0, 0, 0, 1, 2, 0, 3, 4};
        for (int q = 0; q < 9; q++) assertEquals(first[q], cols.get(0, 0, q));
        double[] last = {1, 2, 0, 3, 4, 0, 0, 0, 0};
        for (int q = 0; q < 9; q++) assertEquals(last[q], cols.get(0, 3, q));
    }

    @Test
    void col2imCountsOverlaps() {
        // col2im of all ones = how many patches read each pixel: 3x3 stride 1 pad 1 on 3x3 gives 4/6/9 counts.
        Tensor counts = ConvOps.col2im(Tensor.ones(1, 9, 9), Shape.of(1, 1, 3, 3), 3, 3, 1, 1);
        Naive.assertSame(Tensor.of(new double[] {4, 6, 4, 6, 9, 6, 4, 6, 4}, 1, 1, 3, 3), counts);
    }

    /** Batches larger than one chunk and one wave give the same numbers as the reference, sample by sample. */
    @Test
    void manyChunksAndWavesMatchReference() {
        SplittableRandom rng = new SplittableRandom(15);
        int n = 2 * ConvOps.WAVE + 3;
        Tensor x = Tensor.randn(rng, n, 16, 30, 30), wt = Tensor.randn(rng, 2, 16, 5, 5);
        ConvOps.Geom g = new ConvOps.Geom(n, 16, 30, 30, 2, 5, 5, 1, 2, 30, 30);
        int per = ConvOps.samplesPerChunk(g);
        assertTrue((n + per - 1) / per > ConvOps.WAVE, "test must span more than one wave; per chunk " + per);
        Tensor y = ConvOps.conv2d(x, wt, 1, 2);
        Naive.assertClose(naiveConv(x, wt, 1, 2), y, 1e-12);
        Tensor gy = Tensor.randn(rng, y.shape().dims());
        Tensor dw = ConvOps.conv2dWeightGrad(x, gy, wt.shape(), 1, 2);
        Tensor dwSum = Tensor.zeros(wt.shape());
        for (int i = 0; i < n; i++) {
            dwSum.addInPlace(ConvOps.conv2dWeightGrad(x.slice(0, i, i + 1), gy.slice(0, i, i + 1), wt.shape(), 1, 2));
        }
        Naive.assertClose(dwSum, dw, 1e-12);
        // The same shape through the im2col path, which also has to span several chunks and waves.
        Naive.assertClose(y, ConvOps.conv2dIm2col(g, x, wt), 1e-12);
        Naive.assertClose(dw, ConvOps.conv2dWeightGradIm2col(g, x, gy, wt.shape()), 1e-12);
        Tensor dx = ConvOps.conv2dTranspose(gy, wt, x.shape(), 1, 2);
        Naive.assertClose(dx, ConvOps.conv2dTransposeIm2col(g, gy, wt), 1e-12);
        for (int i = 0; i < n; i += 7) {
            Tensor dxi = ConvOps.conv2dTranspose(gy.slice(0, i, i + 1), wt, Shape.of(1, 16, 30, 30), 1, 2);
            Naive.assertClose(dxi, dx.slice(0, i, i + 1), 1e-12);
        }
    }

    /** Small images: many samples share one chunk (side-by-side GEMM), and results equal per-sample calls. */
    @Test
    void samplesSharingAChunkMatchPerSampleResults() {
        SplittableRandom rng = new SplittableRandom(16);
        int n = 9;
        Tensor x = Tensor.randn(rng, n, 2, 5, 4), wt = Tensor.randn(rng, 3, 2, 3, 3);
        assertTrue(ConvOps.samplesPerChunk(new ConvOps.Geom(n, 2, 5, 4, 3, 3, 3, 2, 1, 3, 2)) > 1);
        Tensor y = ConvOps.conv2d(x, wt, 2, 1);
        Tensor gy = Tensor.randn(rng, y.shape().dims());
        Tensor dx = ConvOps.conv2dTranspose(gy, wt, x.shape(), 2, 1);
        for (int i = 0; i < n; i++) {
            Tensor xi = x.slice(0, i, i + 1), gi = gy.slice(0, i, i + 1);
            Naive.assertClose(ConvOps.conv2d(xi, wt, 2, 1), y.slice(0, i, i + 1), 1e-13);
            Naive.assertClose(ConvOps.conv2dTranspose(gi, wt, xi.shape(), 2, 1), dx.slice(0, i, i + 1), 1e-13);
        }
    }

    /** The three functions are closed under differentiation: each is bilinear, so each must accept any values. */
    @Test
    void transposeAndWeightGradAreThemselvesAdjointPairs() {
        SplittableRandom rng = new SplittableRandom(17);
        int s = 2, p = 1;
        Shape xs = Shape.of(2, 3, 7, 6);
        Tensor wt = Tensor.randn(rng, 4, 3, 3, 3), g = Tensor.randn(rng, 2, 4, 4, 3), u = Tensor.randn(rng, xs.dims());
        // conv2dTranspose(g, w) is bilinear in (g, w): its adjoints are conv2d(u, w) and conv2dWeightGrad(u, g).
        double lhs = ConvOps.conv2dTranspose(g, wt, xs, s, p).dot(u);
        assertTrue(Naive.relDiff(lhs, g.dot(ConvOps.conv2d(u, wt, s, p))) < 1e-12);
        assertTrue(Naive.relDiff(lhs, wt.dot(ConvOps.conv2dWeightGrad(u, g, wt.shape(), s, p))) < 1e-12);
        // conv2dWeightGrad(x, g) is bilinear in (x, g): its adjoints are conv2dTranspose(g, v) and conv2d(x, v).
        Tensor v = Tensor.randn(rng, wt.shape().dims());
        double lhs2 = ConvOps.conv2dWeightGrad(u, g, wt.shape(), s, p).dot(v);
        assertTrue(Naive.relDiff(lhs2, u.dot(ConvOps.conv2dTranspose(g, v, xs, s, p))) < 1e-12);
        assertTrue(Naive.relDiff(lhs2, g.dot(ConvOps.conv2d(u, v, s, p))) < 1e-12);
    }

    @Test
    void argumentsAreNotModified() {
        SplittableRandom rng = new SplittableRandom(18);
        Tensor x = Tensor.randn(rng, 3, 2, 5, 5), wt = Tensor.randn(rng, 2, 2, 3, 3), g = Tensor.randn(rng, 3, 2, 5, 5);
        Tensor x0 = x.copy(), w0 = wt.copy(), g0 = g.copy();
        ConvOps.conv2d(x, wt, 1, 1);
        ConvOps.conv2dTranspose(g, wt, x.shape(), 1, 1);
        ConvOps.conv2dWeightGrad(x, g, wt.shape(), 1, 1);
        ConvOps.col2im(ConvOps.im2col(x, 3, 3, 1, 1), x.shape(), 3, 3, 1, 1);
        Naive.assertSame(x0, x);
        Naive.assertSame(w0, wt);
        Naive.assertSame(g0, g);
    }

    @Test
    void badArgumentsFailClearly() {
        Tensor x = Tensor.zeros(2, 3, 5, 5), wt = Tensor.zeros(4, 3, 3, 3);
        assertThrows(IllegalArgumentException.class, () -> ConvOps.conv2d(Tensor.zeros(3, 5, 5), wt, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ConvOps.conv2d(x, Tensor.zeros(4, 2, 3, 3), 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ConvOps.conv2d(x, wt, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ConvOps.conv2d(x, wt, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> ConvOps.conv2d(x, Tensor.zeros(4, 3, 6, 6), 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> ConvOps.conv2dTranspose(Tensor.zeros(2, 4, 4, 4), wt, x.shape(), 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> ConvOps.conv2dWeightGrad(x, Tensor.zeros(2, 4, 3, 4), wt.shape(), 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> ConvOps.col2im(Tensor.zeros(2, 9, 26), x.shape(), 3, 3, 1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvOps.conv2d(x, Tensor.zeros(4, 2, 3, 3), 1, 0));
        assertTrue(e.getMessage().contains("channels"), e.getMessage());
    }

    @Test
    void emptyBatchGivesEmptyOutputAndZeroWeightGrad() {
        Tensor x = Tensor.zeros(0, 2, 4, 4), wt = Tensor.ones(3, 2, 3, 3);
        Tensor y = ConvOps.conv2d(x, wt, 1, 0);
        assertEquals(Shape.of(0, 3, 2, 2), y.shape());
        Naive.assertSame(Tensor.zeros(3, 2, 3, 3), ConvOps.conv2dWeightGrad(x, y, wt.shape(), 1, 0));
    }
}
