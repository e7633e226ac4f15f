package org.flatlens.bench;

import java.util.List;
import java.util.SplittableRandom;
import org.flatlens.tensor.ConvOps;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * Convolution forward and backward (input and weight adjoints) in float64 for the shapes of the paper's CNNs at batch
 * 128; {@code scripts/bench/conv_bench.py} times the same in PyTorch.
 */
public final class ConvBench {
    /** A convolution: batch, channels in and out, square input side, kernel, stride, padding. */
    public record Case(String label, int n, int c, int o, int side, int k, int stride, int pad) {}

    public static List<Case> cases() {
        return List.of(new Case("lenet conv1", 128, 1, 6, 28, 5, 1, 2), new Case("lenet conv2", 128, 6, 16, 14, 5, 1, 0),
                new Case("vgg features.0", 128, 3, 16, 32, 3, 1, 2), new Case("vgg features.3", 128, 16, 16, 17, 3, 1, 2),
                new Case("vit patch_embed", 64, 1, 64, 28, 7, 7, 0));
    }

    private ConvBench() {}

    public static void main(String[] args) {
        SplittableRandom r = new SplittableRandom(1);
        System.out.printf("%-16s %12s %12s %12s   (median ms, %d threads)%n", "case", "forward", "input grad",
                "weight grad", org.flatlens.tensor.kernels.Parallel.threads());
        for (Case c : cases()) {
            Tensor x = Tensor.randn(r, c.n(), c.c(), c.side(), c.side());
            Tensor w = Tensor.randn(r, c.o(), c.c(), c.k(), c.k());
            Tensor y = ConvOps.conv2d(x, w, c.stride(), c.pad());
            Tensor g = Tensor.randn(r, y.shape().dims());
            Timing f = Timing.measure(2, 7, 1, () -> ConvOps.conv2d(x, w, c.stride(), c.pad()));
            Timing dx = Timing.measure(2, 7, 1, () -> ConvOps.conv2dTranspose(g, w, x.shape(), c.stride(), c.pad()));
            Shape ws = w.shape();
            Timing dw = Timing.measure(2, 7, 1, () -> ConvOps.conv2dWeightGrad(x, g, ws, c.stride(), c.pad()));
            System.out.printf("%-16s %12.2f %12.2f %12.2f%n", c.label(), f.medianSeconds() * 1e3,
                    dx.medianSeconds() * 1e3, dw.medianSeconds() * 1e3);
        }
    }
}
