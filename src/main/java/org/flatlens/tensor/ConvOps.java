package org.flatlens.tensor;

import org.flatlens.tensor.kernels.Gemm;
import org.flatlens.tensor.kernels.Parallel;

/**
 * 2-D convolution kernels (cross-correlation, as in PyTorch) in float64, NCHW layout.
 *
 * <p>For x {@code [N, C, H, W]}, weight w {@code [O, C, kh, kw]}, stride s, symmetric zero padding p and dilation d (each
 * the same in H and W; groups 1):
 * {@code y[n,o,a,b] = Σ_{c,i,j} w[o,c,i,j] · x[n, c, a·s − p + i·d, b·s − p + j·d]} (x read as 0 outside the image),
 * with {@code Ho = (H + 2p − d·(kh − 1) − 1)/s + 1} and likewise Wo (floor). Per sample this is
 * {@code Y_n = W_mat P_nᵀ}, where {@code P_n} is the {@code [Ho·Wo, C·kh·kw]} patch matrix of THEORY.md §3
 * (rows: output positions {@code a·Wo + b}; columns: fan-in in the order {@code (c, i, j)} of
 * {@code w.reshape(O, C·kh·kw)}).
 *
 * <p>conv2d is bilinear; {@link #conv2dTranspose} and {@link #conv2dWeightGrad} are its adjoints in x and in w:
 * {@code ⟨conv2d(x, w), g⟩ = ⟨x, conv2dTranspose(g, w)⟩ = ⟨w, conv2dWeightGrad(x, g)⟩} for all x, w, g. Each of
 * the three is bilinear and its two adjoints are the other two, so the set is closed under differentiation; none
 * assumes its arguments are gradients.
 *
 * <p>Stride-1 layers with a kernel of at least 2×2 and few channels go to {@link DirectConv} (direct loops, no patch
 * matrix); the rest use im2col and {@link Gemm} as described here. The two paths agree to rounding.
 *
 * <p>Memory: samples are processed in chunks whose patch matrix holds at most about {@link #PATCH_BUDGET} doubles, so
 * a batch of any size never builds one giant im2col. Determinism: chunk sizes depend only on the shapes, every output
 * sample is written by one chunk, and weight gradients are summed per chunk and then over chunks in chunk order, so
 * results do not depend on the thread count.
 *
 * <p>Failure modes: IllegalArgumentException for a rank other than 4, channel or gradient shape mismatch, stride
 * or dilation &lt; 1, negative padding, or a (dilated) kernel larger than the padded input.
 */
public final class ConvOps {
    /** Target size, in doubles, of one chunk's patch (or output) buffer: 8 MiB. */
    static final int PATCH_BUDGET = 1 << 20;
    /** Weight-gradient chunks whose partial sums are held at once (bounds memory for large batches). */
    static final int WAVE = 8;

    private ConvOps() {}

    /** Sizes of one convolution; {@code k = C·kh·kw} is the fan-in and {@code l = Ho·Wo} the output positions. */
    record Geom(int n, int c, int h, int w, int o, int kh, int kw, int stride, int pad, int dil, int ho, int wo) {
        /** Dilation 1. */
        Geom(int n, int c, int h, int w, int o, int kh, int kw, int stride, int pad, int ho, int wo) {
            this(n, c, h, w, o, kh, kw, stride, pad, 1, ho, wo);
        }

        int k() {
            return c * kh * kw;
        }

        int l() {
            return ho * wo;
        }

        Shape inputShape() {
            return Shape.of(n, c, h, w);
        }

        Shape outputShape() {
            return Shape.of(n, o, ho, wo);
        }
    }

    // ---- public kernels ----------------------------------------------------------------------------------------

    /**
     * The convolution {@code y = conv2d(x, w)} (no bias).
     *
     * @param x input {@code [N, C, H, W]}, not modified
     * @param w weight {@code [O, C, kh, kw]}, not modified
     * @return {@code [N, O, Ho, Wo]}
     */
    public static Tensor conv2d(Tensor x, Tensor w, int stride, int padding) {
        return conv2d(x, w, stride, padding, 1);
    }

    /** {@link #conv2d(Tensor, Tensor, int, int)} with the kernel's taps {@code dilation} pixels apart. */
    public static Tensor conv2d(Tensor x, Tensor w, int stride, int padding, int dilation) {
        Geom g = geom("conv2d", x.shape(), w.shape(), stride, padding, dilation);
        return DirectConv.prefers(g) ? DirectConv.forward(g, x.data(), w.data()) : conv2dIm2col(g, x, w);
    }

    /** The im2col + GEMM forward pass, whatever the shape (package-private for comparisons in tests). */
    static Tensor conv2dIm2col(Geom g, Tensor x, Tensor w) {
        double[] y = new double[g.outputShape().size()];
        Parallel.forRange(g.n(), samplesPerChunk(g), (lo, hi) -> forwardChunk(g, x.data(), w.data(), y, lo, hi));
        return new Tensor(g.outputShape(), y);
    }

    /**
     * The adjoint of conv2d in its input, {@code dx = conv2dTranspose(g, w)}: the gradient of {@code ⟨conv2d(x, w), g⟩}
     * with respect to x.
     *
     * @param gy         {@code [N, O, Ho, Wo]}, not modified
     * @param w          weight {@code [O, C, kh, kw]}, not modified
     * @param inputShape {@code [N, C, H, W]} of the convolution input (H and W are not recoverable from Ho and Wo)
     * @return {@code [N, C, H, W]}
     */
    public static Tensor conv2dTranspose(Tensor gy, Tensor w, Shape inputShape, int stride, int padding) {
        return conv2dTranspose(gy, w, inputShape, stride, padding, 1);
    }

    /** {@link #conv2dTranspose(Tensor, Tensor, Shape, int, int)} of the dilated convolution. */
    public static Tensor conv2dTranspose(Tensor gy, Tensor w, Shape inputShape, int stride, int padding, int dilation) {
        Geom g = geom("conv2dTranspose", inputShape, w.shape(), stride, padding, dilation);
        requireShape("conv2dTranspose", "output gradient", gy.shape(), g.outputShape());
        return DirectConv.prefers(g) ? DirectConv.transpose(g, gy.data(), w.data()) : conv2dTransposeIm2col(g, gy, w);
    }

    /** The GEMM + col2im input adjoint, whatever the shape. */
    static Tensor conv2dTransposeIm2col(Geom g, Tensor gy, Tensor w) {
        Shape inputShape = g.inputShape();
        double[] dx = new double[inputShape.size()];
        Parallel.forRange(g.n(), samplesPerChunk(g), (lo, hi) -> transposeChunk(g, gy.data(), w.data(), dx, lo, hi));
        return new Tensor(inputShape, dx);
    }

    /**
     * The adjoint of conv2d in its weight, {@code dw = Σ_n G_n P_n} reshaped to {@code [O, C, kh, kw]}: the gradient of
     * {@code ⟨conv2d(x, w), g⟩} with respect to w, summed over the batch.
     *
     * @param x           input {@code [N, C, H, W]}, not modified
     * @param gy          {@code [N, O, Ho, Wo]}, not modified
     * @param weightShape {@code [O, C, kh, kw]}
     * @return {@code [O, C, kh, kw]}
     */
    public static Tensor conv2dWeightGrad(Tensor x, Tensor gy, Shape weightShape, int stride, int padding) {
        return conv2dWeightGrad(x, gy, weightShape, stride, padding, 1);
    }

    /** {@link #conv2dWeightGrad(Tensor, Tensor, Shape, int, int)} of the dilated convolution. */
    public static Tensor conv2dWeightGrad(Tensor x, Tensor gy, Shape weightShape, int stride, int padding,
            int dilation) {
        Geom g = geom("conv2dWeightGrad", x.shape(), weightShape, stride, padding, dilation);
        requireShape("conv2dWeightGrad", "output gradient", gy.shape(), g.outputShape());
        return DirectConv.prefers(g) ? DirectConv.weightGrad(g, x.data(), gy.data(), weightShape)
                : conv2dWeightGradIm2col(g, x, gy, weightShape);
    }

    /** The im2col + GEMM weight adjoint, whatever the shape. */
    static Tensor conv2dWeightGradIm2col(Geom g, Tensor x, Tensor gy, Shape weightShape) {
        int per = samplesPerChunk(g);
        int chunks = (g.n() + per - 1) / per;
        double[] dw = new double[weightShape.size()];
        for (int first = 0; first < chunks; first += WAVE) {
            int count = Math.min(WAVE, chunks - first);
            double[][] partial = new double[count][];
            int base = first;
            Parallel.forRange(count, 1, (lo, hi) -> {
                for (int q = lo; q < hi; q++) {
                    int n0 = (base + q) * per;
                    partial[q] = weightGradChunk(g, x.data(), gy.data(), n0, Math.min(g.n(), n0 + per));
                }
            });
            // Fixed order: chunk 0, 1, 2, ... whatever thread computed each partial.
            for (double[] p : partial) {
                for (int i = 0; i < dw.length; i++) dw[i] += p[i];
            }
        }
        return new Tensor(weightShape, dw);
    }

    /**
     * The patch matrices {@code P_n} of all samples.
     *
     * @param x input {@code [N, C, H, W]}, not modified
     * @return {@code [N, Ho·Wo, C·kh·kw]}; entries that fall in the padding are 0
     */
    public static Tensor im2col(Tensor x, int kh, int kw, int stride, int padding) {
        return im2col(x, kh, kw, stride, padding, 1);
    }

    /** {@link #im2col(Tensor, int, int, int, int)} of the dilated convolution. */
    public static Tensor im2col(Tensor x, int kh, int kw, int stride, int padding, int dilation) {
        Shape ws = Shape.of(1, x.rank() == 4 ? x.dim(1) : 0, kh, kw);
        Geom g = geom("im2col", x.shape(), ws, stride, padding, dilation);
        int k = g.k(), l = g.l();
        Shape out = Shape.of(g.n(), l, k);
        double[] cols = new double[out.size()];
        Parallel.forRange(g.n(), grain(g), (lo, hi) -> {
            for (int n = lo; n < hi; n++) fillPatches(g, x.data(), n, cols, n * l * k, 1, k);
        });
        return new Tensor(out, cols);
    }

    /**
     * The adjoint of {@link #im2col}: every patch entry is added back to the input pixel it was read from (entries in
     * the padding are dropped).
     *
     * @param cols       {@code [N, Ho·Wo, C·kh·kw]}, not modified
     * @param inputShape {@code [N, C, H, W]}
     * @return {@code [N, C, H, W]}
     */
    public static Tensor col2im(Tensor cols, Shape inputShape, int kh, int kw, int stride, int padding) {
        Shape ws = Shape.of(1, inputShape.rank() == 4 ? inputShape.dim(1) : 0, kh, kw);
        Geom g = geom("col2im", inputShape, ws, stride, padding, 1);
        int k = g.k(), l = g.l();
        requireShape("col2im", "columns", cols.shape(), Shape.of(g.n(), l, k));
        double[] x = new double[inputShape.size()];
        Parallel.forRange(g.n(), grain(g), (lo, hi) -> {
            for (int n = lo; n < hi; n++) addPatches(g, cols.data(), n * l * k, 1, k, x, n);
        });
        return new Tensor(inputShape, x);
    }

    // ---- chunk bodies ------------------------------------------------------------------------------------------

    /** Samples per chunk, from the shapes only, so that a chunk's buffers hold about PATCH_BUDGET doubles. */
    static int samplesPerChunk(Geom g) {
        long perSample = (long) Math.max(g.k(), g.o()) * g.l();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, PATCH_BUDGET / Math.max(1, perSample)));
    }

    /** Chunk grain for the memory-bound im2col / col2im loops. */
    private static int grain(Geom g) {
        return Math.max(1, (1 << 16) / Math.max(1, g.k() * g.l()));
    }

    /** Samples [lo, hi): Pᵀ is [k, S·l] (samples side by side), Z = W_mat Pᵀ is [O, S·l], scattered to [S, O, l]. */
    private static void forwardChunk(Geom g, double[] x, double[] w, double[] y, int lo, int hi) {
        int k = g.k(), l = g.l(), cols = (hi - lo) * l;
        double[] patches = new double[k * cols];
        for (int n = lo; n < hi; n++) fillPatches(g, x, n, patches, (n - lo) * l, cols, 1);
        if (hi - lo == 1) {
            Gemm.gemm(false, false, g.o(), l, k, w, 0, k, patches, 0, l, y, lo * g.o() * l, l, false);
            return;
        }
        double[] z = new double[g.o() * cols];
        Gemm.gemm(false, false, g.o(), cols, k, w, 0, k, patches, 0, cols, z, 0, cols, false);
        for (int n = lo; n < hi; n++) {
            for (int o = 0; o < g.o(); o++) System.arraycopy(z, o * cols + (n - lo) * l, y, (n * g.o() + o) * l, l);
        }
    }

    /** Samples [lo, hi): dPᵀ = W_matᵀ G with G as [O, S·l]; each sample's block of dPᵀ then goes through col2im. */
    private static void transposeChunk(Geom g, double[] gy, double[] w, double[] dx, int lo, int hi) {
        int k = g.k(), l = g.l(), cols = (hi - lo) * l;
        double[] gc = hi - lo == 1 ? gy : samplesSideBySide(g, gy, lo, hi);
        int gOff = hi - lo == 1 ? lo * g.o() * l : 0;
        double[] patches = new double[k * cols];
        Gemm.gemm(true, false, k, cols, g.o(), w, 0, k, gc, gOff, cols, patches, 0, cols, false);
        for (int n = lo; n < hi; n++) addPatches(g, patches, (n - lo) * l, cols, 1, dx, n);
    }

    /**
     * Samples [lo, hi): the partial {@code Σ_n G_n P_n = G P} with G as [O, S·l] and P as [S·l, k] (patch rows
     * stacked; this orientation keeps the GEMM free of transposes).
     */
    private static double[] weightGradChunk(Geom g, double[] x, double[] gy, int lo, int hi) {
        int k = g.k(), l = g.l(), cols = (hi - lo) * l;
        double[] patches = new double[cols * k];
        for (int n = lo; n < hi; n++) fillPatches(g, x, n, patches, (n - lo) * l * k, 1, k);
        double[] gc = hi - lo == 1 ? gy : samplesSideBySide(g, gy, lo, hi);
        int gOff = hi - lo == 1 ? lo * g.o() * l : 0;
        double[] part = new double[g.o() * k];
        Gemm.gemm(false, false, g.o(), k, cols, gc, gOff, cols, patches, 0, k, part, 0, k, false);
        return part;
    }

    /** Copies samples [lo, hi) of a [N, O, l] array into one [O, S·l] matrix (sample blocks side by side). */
    private static double[] samplesSideBySide(Geom g, double[] y, int lo, int hi) {
        int l = g.l(), cols = (hi - lo) * l;
        double[] out = new double[g.o() * cols];
        for (int n = lo; n < hi; n++) {
            for (int o = 0; o < g.o(); o++) System.arraycopy(y, (n * g.o() + o) * l, out, o * cols + (n - lo) * l, l);
        }
        return out;
    }

    // ---- patch loops -------------------------------------------------------------------------------------------

    /**
     * Writes the patches of sample n: entry (fan-in index {@code q = (c·kh + i)·kw + j}, position {@code a·Wo + b})
     * goes to {@code dst[off + q·qs + (a·Wo + b)·ls]}; padding entries are written as 0. Tap (i, j) reads the pixel
     * {@code (a·s − p + i·d, b·s − p + j·d)}.
     */
    private static void fillPatches(Geom g, double[] x, int n, double[] dst, int off, int qs, int ls) {
        int s = g.stride(), dl = g.dil();
        for (int c = 0; c < g.c(); c++) {
            int plane = (n * g.c() + c) * g.h() * g.w();
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++) {
                    int row = off + ((c * g.kh() + i) * g.kw() + j) * qs;
                    int tx = j * dl - g.pad();
                    int bLo = firstInside(-tx, s, g.wo()), bHi = endInside(g.w() - 1 - tx, s, g.wo());
                    for (int a = 0; a < g.ho(); a++) {
                        int iy = a * s - g.pad() + i * dl;
                        int d = row + a * g.wo() * ls;
                        boolean rowInside = iy >= 0 && iy < g.h();
                        int from = rowInside ? bLo : g.wo(), to = rowInside ? bHi : g.wo();
                        for (int b = 0; b < from; b++) dst[d + b * ls] = 0.0;
                        int src = plane + iy * g.w() + tx;
                        for (int b = from; b < to; b++) dst[d + b * ls] = x[src + b * s];
                        for (int b = Math.max(from, to); b < g.wo(); b++) dst[d + b * ls] = 0.0;
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #fillPatches}: adds each in-image patch entry to {@code x} at its source pixel. */
    private static void addPatches(Geom g, double[] src, int off, int qs, int ls, double[] x, int n) {
        int s = g.stride(), dl = g.dil();
        for (int c = 0; c < g.c(); c++) {
            int plane = (n * g.c() + c) * g.h() * g.w();
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++) {
                    int row = off + ((c * g.kh() + i) * g.kw() + j) * qs;
                    int tx = j * dl - g.pad();
                    int bLo = firstInside(-tx, s, g.wo()), bHi = endInside(g.w() - 1 - tx, s, g.wo());
                    for (int a = 0; a < g.ho(); a++) {
                        int iy = a * s - g.pad() + i * dl;
                        if (iy < 0 || iy >= g.h()) continue;
                        int d = row + a * g.wo() * ls;
                        int dstPix = plane + iy * g.w() + tx;
                        for (int b = bLo; b < bHi; b++) x[dstPix + b * s] += src[d + b * ls];
                    }
                }
            }
        }
    }

    /** The smallest b ≥ 0 with {@code b·s ≥ need} (the first output column whose tap lands inside), at most wo. */
    private static int firstInside(int need, int s, int wo) {
        return need <= 0 ? 0 : Math.min(wo, (need + s - 1) / s);
    }

    /** One past the largest b with {@code b·s ≤ limit} (the last output column whose tap lands inside), in [0, wo]. */
    private static int endInside(int limit, int s, int wo) {
        return limit < 0 ? 0 : Math.min(wo, limit / s + 1);
    }

    // ---- validation --------------------------------------------------------------------------------------------

    private static Geom geom(String op, Shape x, Shape w, int stride, int padding, int dilation) {
        if (x.rank() != 4) throw new IllegalArgumentException(op + ": input must be [N, C, H, W], got " + x);
        if (w.rank() != 4) throw new IllegalArgumentException(op + ": weight must be [O, C, kh, kw], got " + w);
        if (stride < 1) throw new IllegalArgumentException(op + ": stride must be >= 1, got " + stride);
        if (padding < 0) throw new IllegalArgumentException(op + ": padding must be >= 0, got " + padding);
        if (dilation < 1) throw new IllegalArgumentException(op + ": dilation must be >= 1, got " + dilation);
        if (w.dim(1) != x.dim(1)) {
            throw new IllegalArgumentException(op + ": weight " + w + " has " + w.dim(1) + " input channels, input "
                    + x + " has " + x.dim(1));
        }
        int kh = w.dim(2), kw = w.dim(3), hp = x.dim(2) + 2 * padding, wp = x.dim(3) + 2 * padding;
        // The span a dilated kernel covers; (long) so that a huge dilation cannot overflow into a "fit".
        long spanH = (long) dilation * (kh - 1) + 1, spanW = (long) dilation * (kw - 1) + 1;
        if (kh < 1 || kw < 1 || spanH > hp || spanW > wp) {
            throw new IllegalArgumentException(op + ": kernel " + kh + "x" + kw
                    + (dilation == 1 ? "" : " with dilation " + dilation) + " does not fit the padded input "
                    + hp + "x" + wp + " (input " + x + ", padding " + padding + ")");
        }
        return new Geom(x.dim(0), x.dim(1), x.dim(2), x.dim(3), w.dim(0), kh, kw, stride, padding, dilation,
                (int) ((hp - spanH) / stride + 1), (int) ((wp - spanW) / stride + 1));
    }

    private static void requireShape(String op, String what, Shape got, Shape want) {
        if (!got.equals(want)) {
            throw new IllegalArgumentException(op + ": " + what + " must be " + want + ", got " + got);
        }
    }
}
