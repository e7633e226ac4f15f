package org.flatlens.nn.onnx;

import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Shape;

/**
 * MaxPool, AveragePool and GlobalAveragePool on {@code [N, C, H, W]}: square windows, equal strides, no padding,
 * floor mode (what {@code nn.MaxPool2d(k)}, {@code nn.AvgPool2d(k)} and {@code adaptive_avg_pool2d(x, 1)} export).
 */
final class Pooling {
    private Pooling() {}

    static Var apply(GraphNode n, Values v, Var x) {
        if (x.shape().rank() != 4) throw NodeOps.fail(v, n, "has input " + x.shape() + "; expected [N, C, H, W]");
        if (n.opType().equals("GlobalAveragePool")) {
            return x.sum(new int[] {2, 3}, true).div(x.shape().dim(2) * x.shape().dim(3));
        }
        long[] k = n.ints("kernel_shape", null), s = n.ints("strides", new long[] {1, 1});
        long[] pads = n.ints("pads", new long[4]), dil = n.ints("dilations", new long[] {1, 1});
        if (k == null || k.length != 2 || k[0] != k[1] || s[0] != s[1] || dil[0] != 1 || dil[1] != 1) {
            throw NodeOps.fail(v, n, "needs a square 2-D window with equal strides and no dilation");
        }
        for (long p : pads) if (p != 0) throw NodeOps.fail(v, n, "has padding; only unpadded pooling is supported");
        if (n.integer("ceil_mode", 0) != 0) throw NodeOps.fail(v, n, "uses ceil_mode; only floor mode is supported");
        String autoPad = autoPad(n);
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) throw NodeOps.fail(v, n, "uses auto_pad " + autoPad);
        int kernel = (int) k[0], stride = (int) s[0];
        if (n.opType().equals("MaxPool")) {
            if (n.outputs().size() > 1 && !n.outputs().get(1).isEmpty()) {
                throw NodeOps.fail(v, n, "outputs its indices, which FlatLens does not compute");
            }
            return x.maxPool2d(kernel, stride);
        }
        return average(x, kernel, stride);
    }

    static String autoPad(GraphNode n) {
        GraphNode.Attribute a = n.attributes().get("auto_pad");
        return a == null || a.s() == null ? "NOTSET" : new String(a.s(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The mean of each window: its entries gathered into a trailing axis, summed and divided by k². */
    private static Var average(Var x, int kernel, int stride) {
        int nc = x.shape().dim(0) * x.shape().dim(1), h = x.shape().dim(2), w = x.shape().dim(3);
        int ho = (h - kernel) / stride + 1, wo = (w - kernel) / stride + 1, kk = kernel * kernel;
        int[] idx = new int[nc * ho * wo * kk];
        int j = 0;
        for (int p = 0; p < nc; p++) {
            for (int a = 0; a < ho; a++) {
                for (int b = 0; b < wo; b++) {
                    for (int r = 0; r < kernel; r++) {
                        for (int c = 0; c < kernel; c++) idx[j++] = p * h * w + (a * stride + r) * w + b * stride + c;
                    }
                }
            }
        }
        Shape windows = Shape.of(x.shape().dim(0), x.shape().dim(1), ho, wo, kk);
        return x.gather(idx, windows).sum(4, false).div(kk);
    }
}
