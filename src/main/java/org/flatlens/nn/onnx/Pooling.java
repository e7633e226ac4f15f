package org.flatlens.nn.onnx;

import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * MaxPool, AveragePool and GlobalAveragePool on {@code [N, C, H, W]}, with ONNX's geometry: per-axis windows, strides,
 * dilations and begin/end zero padding, floor or ceil mode.
 *
 * <p>Along one axis of length {@code n} with kernel k, stride s, dilation d and pads (b, e), the output has
 * {@code ⌊(n + b + e − d·(k − 1) − 1)/s⌋ + 1} positions, or the ceiling of the quotient + 1 in ceil mode, where a last
 * window that would start in the end padding is dropped (the rule ONNX states and PyTorch applies). Window {@code a}
 * reads the taps {@code a·s − b + r·d}, {@code r < k}.
 *
 * <p>MaxPool takes the largest tap inside the input (padding is never the maximum). AveragePool divides the sum of the
 * taps inside the input by the number of taps inside the input ({@code count_include_pad = 0}, the default) or inside
 * the padded input {@code [−b, n + e)} ({@code count_include_pad = 1}); taps a ceil-mode window puts beyond the end
 * padding are never counted. Both are gathers of the input, so their gradients (and second derivatives) are those of
 * the gather, sum and division primitives.
 *
 * <p>Failure modes (one-line messages naming the node): an input that is not 4-D, a window larger than the padded
 * input or lying entirely in the padding, auto_pad other than NOTSET/VALID, MaxPool's indices output.
 */
final class Pooling {
    private Pooling() {}

    static Var apply(GraphNode n, Values v, Var x) {
        if (x.shape().rank() != 4) throw NodeOps.fail(v, n, "has input " + x.shape() + "; expected [N, C, H, W]");
        if (n.opType().equals("GlobalAveragePool")) {
            return x.sum(new int[] {2, 3}, true).div(x.shape().dim(2) * x.shape().dim(3));
        }
        long[] k = n.ints("kernel_shape", null);
        if (k == null || k.length != 2) throw NodeOps.fail(v, n, "needs a 2-D kernel_shape");
        long[] s = n.ints("strides", new long[] {1, 1}), d = n.ints("dilations", new long[] {1, 1});
        long[] pads = n.ints("pads", new long[4]);
        if (s.length != 2 || d.length != 2 || pads.length != 4) {
            throw NodeOps.fail(v, n, "needs 2 strides, 2 dilations and 4 pads");
        }
        String autoPad = autoPad(n);
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) throw NodeOps.fail(v, n, "uses auto_pad " + autoPad);
        boolean ceil = n.integer("ceil_mode", 0) != 0;
        Axis rows, cols;
        try {
            rows = Axis.of(x.shape().dim(2), k[0], s[0], d[0], pads[0], pads[2], ceil);
            cols = Axis.of(x.shape().dim(3), k[1], s[1], d[1], pads[1], pads[3], ceil);
        } catch (IllegalArgumentException e) {
            throw NodeOps.fail(v, n, e.getMessage());
        }
        if (n.opType().equals("MaxPool")) {
            if (n.outputs().size() > 1 && !n.outputs().get(1).isEmpty()) {
                throw NodeOps.fail(v, n, "outputs its indices, which FlatLens does not compute");
            }
            if (rows.plain() && cols.plain() && rows.kernel() == cols.kernel() && rows.stride() == cols.stride()) {
                return x.maxPool2d(rows.kernel(), rows.stride());
            }
            return x.gather(maxIndices(x.value(), rows, cols), outShape(x, rows, cols));
        }
        return average(x, rows, cols, n.integer("count_include_pad", 0) != 0);
    }

    static String autoPad(GraphNode n) {
        GraphNode.Attribute a = n.attributes().get("auto_pad");
        return a == null || a.s() == null ? "NOTSET" : new String(a.s(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * One spatial axis of a pooling window: input length, kernel, stride, dilation, begin and end pads, output length.
     */
    record Axis(int in, int kernel, int stride, int dilation, int padBegin, int padEnd, int out) {
        /** Bound on each attribute, so that window arithmetic stays within int. */
        private static final long LIMIT = 1 << 20;

        static Axis of(int in, long k, long s, long d, long b, long e, boolean ceil) {
            if (k < 1 || s < 1 || d < 1 || b < 0 || e < 0 || Math.max(Math.max(k, s), Math.max(d, Math.max(b, e))) > LIMIT) {
                throw new IllegalArgumentException("has kernel " + k + ", stride " + s + ", dilation " + d + ", pads "
                        + b + "/" + e + "; expected positive kernel, stride and dilation and non-negative pads, each at "
                        + "most " + LIMIT);
            }
            long span = in + b + e - (d * (k - 1) + 1);
            if (span < 0) {
                throw new IllegalArgumentException("has a window of " + k + " (dilation " + d + ") larger than its padded "
                        + "input of " + (in + b + e));
            }
            long out = (ceil ? (span + s - 1) / s : span / s) + 1;
            if (ceil && (out - 1) * s >= in + b) out--; // that window would start in the end padding
            Axis a = new Axis(in, (int) k, (int) s, (int) d, (int) b, (int) e, (int) out);
            for (int w = 0; w < a.out; w++) {
                if (a.inside(w) == 0) throw new IllegalArgumentException("has a window entirely in the padding");
            }
            return a;
        }

        /** The input index of tap r of window w (outside [0, in) for a padding tap). */
        int tap(int w, int r) {
            return w * stride - padBegin + r * dilation;
        }

        /** How many taps of window w lie inside the input. */
        int inside(int w) {
            int c = 0;
            for (int r = 0; r < kernel; r++) if (tap(w, r) >= 0 && tap(w, r) < in) c++;
            return c;
        }

        /** How many taps of window w lie inside the padded input {@code [−padBegin, in + padEnd)}. */
        int insidePadded(int w) {
            int c = 0;
            for (int r = 0; r < kernel; r++) if (tap(w, r) >= -padBegin && tap(w, r) < in + padEnd) c++;
            return c;
        }

        /** No padding, no dilation, and the floor-mode window count. */
        boolean plain() {
            return dilation == 1 && padBegin == 0 && padEnd == 0 && out == (in - kernel) / stride + 1;
        }
    }

    private static Shape outShape(Var x, Axis rows, Axis cols) {
        return Shape.of(x.shape().dim(0), x.shape().dim(1), rows.out(), cols.out());
    }

    /** For every output entry, the flat index of the first largest tap inside the input (the gradient goes there). */
    private static int[] maxIndices(Tensor x, Axis rows, Axis cols) {
        int nc = x.dim(0) * x.dim(1), h = rows.in(), w = cols.in();
        double[] data = x.data();
        int[] idx = new int[nc * rows.out() * cols.out()];
        int j = 0;
        for (int p = 0; p < nc; p++) {
            for (int a = 0; a < rows.out(); a++) {
                for (int b = 0; b < cols.out(); b++) {
                    int best = -1;
                    for (int r = 0; r < rows.kernel(); r++) {
                        int iy = rows.tap(a, r);
                        if (iy < 0 || iy >= h) continue;
                        for (int c = 0; c < cols.kernel(); c++) {
                            int ix = cols.tap(b, c);
                            if (ix < 0 || ix >= w) continue;
                            int at = p * h * w + iy * w + ix;
                            if (best < 0 || data[at] > data[best]) best = at;
                        }
                    }
                    idx[j++] = best;
                }
            }
        }
        return idx;
    }

    /**
     * The sum of each window's taps over its count: the taps gathered into a trailing axis (padding taps read a zero
     * appended to the flattened input), summed, and divided by k² when every window counts k² taps, else by the counts.
     */
    private static Var average(Var x, Axis rows, Axis cols, boolean countPad) {
        int nc = x.shape().dim(0) * x.shape().dim(1), h = rows.in(), w = cols.in();
        int kk = rows.kernel() * cols.kernel(), zero = nc * h * w;
        int[] idx = new int[nc * rows.out() * cols.out() * kk];
        boolean padded = false;
        int j = 0;
        for (int p = 0; p < nc; p++) {
            for (int a = 0; a < rows.out(); a++) {
                for (int b = 0; b < cols.out(); b++) {
                    for (int r = 0; r < rows.kernel(); r++) {
                        int iy = rows.tap(a, r);
                        for (int c = 0; c < cols.kernel(); c++) {
                            int ix = cols.tap(b, c);
                            boolean in = iy >= 0 && iy < h && ix >= 0 && ix < w;
                            padded |= !in;
                            idx[j++] = in ? p * h * w + iy * w + ix : zero;
                        }
                    }
                }
            }
        }
        Shape windows = Shape.of(x.shape().dim(0), x.shape().dim(1), rows.out(), cols.out(), kk);
        Var source = padded ? x.reshape(zero).pad(0, 0, 1) : x;
        Var sums = source.gather(idx, windows).sum(4, false);
        Tensor counts = Tensor.zeros(rows.out(), cols.out());
        boolean uniform = true;
        for (int a = 0; a < rows.out(); a++) {
            for (int b = 0; b < cols.out(); b++) {
                int count = countPad ? rows.insidePadded(a) * cols.insidePadded(b) : rows.inside(a) * cols.inside(b);
                counts.set(count, a, b);
                uniform &= count == kk;
            }
        }
        return uniform ? sums.div(kk) : sums.div(Var.constant(counts));
    }
}
