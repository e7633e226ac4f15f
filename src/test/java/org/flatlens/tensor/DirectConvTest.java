package org.flatlens.tensor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The direct stride-1 kernels against the 7-loop reference and against the im2col path, on shapes that exercise every
 * register tile (output channels 1–9, so the 4-, 2- and 1-channel variants), tap triples that need padding (kh·kw not
 * a multiple of 3), odd sizes, batch 1, padding wider than the kernel and several weight-gradient chunks.
 */
class DirectConvTest {
    /** n, c, h, w, o, kh, kw, padding (stride 1). */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(3, 1, 28, 28, 6, 5, 5, 2),   // lenet conv1
                Arguments.of(2, 6, 14, 14, 16, 5, 5, 0),  // lenet conv2
                Arguments.of(2, 3, 11, 9, 16, 3, 3, 2),   // vgg features.0, odd non-square input
                Arguments.of(1, 4, 7, 5, 5, 3, 3, 1),     // batch 1, o = 4 + 1
                Arguments.of(2, 2, 6, 7, 7, 2, 3, 0),     // 2x3 kernel, o = 4 + 2 + 1, 6 taps
                Arguments.of(2, 3, 5, 6, 3, 4, 2, 1),     // o = 2 + 1, 8 taps (triple padded)
                Arguments.of(1, 1, 3, 3, 1, 2, 2, 3),     // padding wider than the kernel and the image
                Arguments.of(2, 5, 4, 4, 9, 4, 4, 0),     // kernel = input: one output position
                Arguments.of(19, 2, 9, 10, 2, 3, 3, 1));  // 19 samples: several weight-gradient chunks
    }

    @ParameterizedTest
    @MethodSource("cases")
    void forwardMatchesReferenceAndIm2col(int n, int c, int h, int w, int o, int kh, int kw, int p) {
        SplittableRandom rng = new SplittableRandom(31);
        Tensor x = Tensor.randn(rng, n, c, h, w), wt = Tensor.randn(rng, o, c, kh, kw);
        ConvOps.Geom g = geom(x, wt, p);
        Tensor y = DirectConv.forward(g, x.data(), wt.data());
        Naive.assertClose(ConvOpsTest.naiveConv(x, wt, 1, p), y, 1e-13);
        assertRelClose(ConvOps.conv2dIm2col(g, x, wt), y);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void adjointsMatchIm2colPath(int n, int c, int h, int w, int o, int kh, int kw, int p) {
        SplittableRandom rng = new SplittableRandom(32);
        Tensor x = Tensor.randn(rng, n, c, h, w), wt = Tensor.randn(rng, o, c, kh, kw);
        ConvOps.Geom g = geom(x, wt, p);
        Tensor gy = Tensor.randn(rng, g.outputShape().dims());
        assertRelClose(ConvOps.conv2dTransposeIm2col(g, gy, wt), DirectConv.transpose(g, gy.data(), wt.data()));
        assertRelClose(ConvOps.conv2dWeightGradIm2col(g, x, gy, wt.shape()),
                DirectConv.weightGrad(g, x.data(), gy.data(), wt.shape()));
    }

    /** Elementwise against brute-force adjoints built from the 7-loop reference (conv2d is linear in x and in w). */
    @Test
    void adjointsMatchBruteForceOnASmallCase() {
        SplittableRandom rng = new SplittableRandom(33);
        Tensor x = Tensor.randn(rng, 2, 3, 5, 4), wt = Tensor.randn(rng, 5, 3, 3, 2);
        int p = 1;
        ConvOps.Geom g = geom(x, wt, p);
        Tensor gy = Tensor.randn(rng, g.outputShape().dims());
        Tensor dx = Tensor.zeros(x.shape()), dw = Tensor.zeros(wt.shape());
        for (int e = 0; e < x.size(); e++) dx.data()[e] = ConvOpsTest.naiveConv(unit(x.shape(), e), wt, 1, p).dot(gy);
        for (int e = 0; e < wt.size(); e++) dw.data()[e] = ConvOpsTest.naiveConv(x, unit(wt.shape(), e), 1, p).dot(gy);
        Naive.assertClose(dx, DirectConv.transpose(g, gy.data(), wt.data()), 1e-13);
        Naive.assertClose(dw, DirectConv.weightGrad(g, x.data(), gy.data(), wt.shape()), 1e-13);
    }

    @Test
    void weightGradOfABatchIsTheSumOfPerSampleGrads() {
        SplittableRandom rng = new SplittableRandom(34);
        Tensor x = Tensor.randn(rng, 23, 2, 8, 8), wt = Tensor.randn(rng, 3, 2, 3, 3);
        ConvOps.Geom g = geom(x, wt, 1);
        Tensor gy = Tensor.randn(rng, g.outputShape().dims());
        Tensor dw = DirectConv.weightGrad(g, x.data(), gy.data(), wt.shape());
        Tensor sum = Tensor.zeros(wt.shape());
        for (int i = 0; i < 23; i++) {
            Tensor xi = x.slice(0, i, i + 1), gi = gy.slice(0, i, i + 1);
            sum.addInPlace(DirectConv.weightGrad(geom(xi, wt, 1), xi.data(), gi.data(), wt.shape()));
        }
        assertRelClose(sum, dw);
    }

    @Test
    void convOpsRoutesFewChannelStrideOneLayersToTheDirectKernels() {
        assertTrue(DirectConv.prefers(new ConvOps.Geom(128, 1, 28, 28, 6, 5, 5, 1, 2, 28, 28)));
        assertTrue(DirectConv.prefers(new ConvOps.Geom(128, 6, 14, 14, 16, 5, 5, 1, 0, 10, 10)));
        assertFalse(DirectConv.prefers(new ConvOps.Geom(64, 1, 28, 28, 64, 7, 7, 7, 0, 4, 4)), "stride 7");
        assertFalse(DirectConv.prefers(new ConvOps.Geom(8, 16, 9, 9, 8, 1, 1, 1, 0, 9, 9)), "1x1 kernel");
        assertFalse(DirectConv.prefers(new ConvOps.Geom(8, 128, 8, 8, 128, 3, 3, 1, 1, 8, 8)), "many channels");
    }

    @Test
    void emptyBatch() {
        ConvOps.Geom g = new ConvOps.Geom(0, 2, 4, 4, 3, 3, 3, 1, 1, 4, 4);
        Naive.assertSame(Tensor.zeros(3, 2, 3, 3), DirectConv.weightGrad(g, new double[0], new double[0],
                Shape.of(3, 2, 3, 3)));
        Naive.assertSame(Tensor.zeros(0, 3, 4, 4), DirectConv.forward(g, new double[0], new double[54]));
    }

    /** Different summation orders: agreement to rounding, relative to the largest entry. */
    private static void assertRelClose(Tensor expected, Tensor actual) {
        double scale = 0;
        for (double v : expected.data()) scale = Math.max(scale, Math.abs(v));
        Naive.assertClose(expected.mul(1 / scale), actual.mul(1 / scale), 1e-13);
    }

    private static ConvOps.Geom geom(Tensor x, Tensor w, int p) {
        int ho = x.dim(2) + 2 * p - w.dim(2) + 1, wo = x.dim(3) + 2 * p - w.dim(3) + 1;
        return new ConvOps.Geom(x.dim(0), x.dim(1), x.dim(2), x.dim(3), w.dim(0), w.dim(2), w.dim(3), 1, p, ho, wo);
    }

    private static Tensor unit(Shape s, int e) {
        Tensor t = Tensor.zeros(s);
        t.data()[e] = 1.0;
        return t;
    }
}
