package org.flatlens.tensor;

import static org.flatlens.tensor.kernels.DirectConvKernels.L;
import static org.flatlens.tensor.kernels.DirectConvKernels.QB;

import org.flatlens.tensor.ConvOps.Geom;
import org.flatlens.tensor.kernels.DirectConvKernels.Plan;
import org.flatlens.tensor.kernels.DirectConvKernels;
import org.flatlens.tensor.kernels.Parallel;

/**
 * Direct (no im2col) stride-1 convolution and its two adjoints, for the few-channel layers where the im2col GEMMs are
 * thin and the patch copies cost more than the arithmetic.
 *
 * <p>Each sample's channels are copied once into zero-padded planes with row stride {@code wb}; then
 * {@code y[o, a·wb + b] = Σ_{c,i,j} w[o,c,i,j] · xpad[c, (a+i)·wb + b + j]} is one flat correlation per plane
 * ({@link DirectConvKernels}), and the output rows are copied out. The input adjoint
 * {@code dx[c, y, x] = Σ_{o,i,j} w[o,c,i,j] · gy[o, y + p − i, x + p − j]} is either the same correlation of the
 * output gradient padded by {@code k − 1 − p}, with the kernel flipped and its channel axes swapped, or, when the
 * output is smaller than the input (little padding), the scatter
 * {@code dxpad[c, q + i·wb + j] += w[o,c,i,j] · gy[o, q]} tap by tap, which multiplies no padding zeros. The
 * weight adjoint {@code dw[o,c,i,j] = Σ_{n,a,b} gy[n,o,a,b] · xpad[n,c,a+i,b+j]} accumulates vector partial sums
 * over a fixed chunk of samples, adds their lanes left to right, and adds the chunk sums in chunk order.
 *
 * <p>Determinism: chunk sizes depend only on the shapes and every output is written by one chunk, so results do not
 * depend on the thread count. The sums run in a different order from the im2col path, so results agree with it to
 * rounding (about 1e-15 relative), not bit for bit. Unused positions of the padded planes are computed as
 * {@code 0 · x}; an infinite input can therefore make a weight gradient NaN where the exact sum would be infinite.
 */
final class DirectConv {
    /** Multiply-adds per forward/transpose chunk: a few hundred microseconds of work. */
    private static final int CHUNK_WORK = 1 << 19;
    /** Doubles streamed per pass of the weight-gradient loops (4 gradient planes + 1 input plane per sample). */
    private static final int PASS_BUDGET = 1 << 15;
    /** Weight-gradient chunks aimed at, so both cores get work for a batch of any size. */
    private static final int MIN_CHUNKS = 8;

    /**
     * Largest C·O for which the direct kernels are preferred. Measured on CPU time, batch 16–128, 3×3 kernels: they
     * are 1.5–2.4× faster than im2col + GEMM up to 64 → 64; at 128 → 128 forward and input adjoint are 1.1–1.4×
     * faster but the weight adjoint 0.9×, so the GEMM path keeps the wide layers.
     */
    private static final int MAX_CHANNEL_PRODUCT = 64 * 64;

    private DirectConv() {}

    /** Whether the direct kernels handle this geometry (stride 1 and dilation 1 only). */
    static boolean supports(Geom g) {
        return g.stride() == 1 && g.dil() == 1;
    }

    /**
     * Whether ConvOps should use the direct kernels: stride 1, a kernel of at least 2×2 (a 1×1 convolution is a plain
     * GEMM already) and few channels. With many channels the im2col GEMMs are wide enough to run near the FMA peak,
     * which the direct loops, bound by their loads, do not reach.
     */
    static boolean prefers(Geom g) {
        return supports(g) && g.kh() * g.kw() >= 4 && (long) g.c() * g.o() <= MAX_CHANNEL_PRODUCT;
    }

    /** {@code conv2d(x, w)} for stride 1; see {@link ConvOps#conv2d}. */
    static Tensor forward(Geom g, double[] x, double[] w) {
        int wb = g.w() + 2 * g.pad(), qr = roundUp(g.ho() * wb, QB);
        Plan p = plan(g.c(), g.kh(), g.kw(), wb, qr);
        double[] y = new double[g.outputShape().size()];
        int inPlane = g.h() * g.w(), outPlane = g.ho() * g.wo();
        Parallel.forRange(g.n(), grain((long) g.o() * g.c() * p.taps() * qr), (lo, hi) -> {
            double[] buf = new double[g.c() * p.len()], out = new double[g.o() * qr];
            for (int n = lo; n < hi; n++) {
                for (int c = 0; c < g.c(); c++) {
                    place(x, (n * g.c() + c) * inPlane, g.h(), g.w(), buf, c * p.len(), wb, g.h() + 2 * g.pad(),
                            g.pad(), g.pad());
                }
                DirectConvKernels.correlate(p, buf, 0, w, g.o(), out, qr);
                copyRows(out, qr, wb, y, n * g.o() * outPlane, g.o(), g.ho(), g.wo());
            }
        });
        return new Tensor(g.outputShape(), y);
    }

    /** {@code conv2dTranspose(gy, w)} for stride 1; see {@link ConvOps#conv2dTranspose}. */
    static Tensor transpose(Geom g, double[] gy, double[] w) {
        int wb = g.w() + g.kw() - 1, qr = roundUp(g.h() * wb, QB);
        int wbScatter = g.w() + 2 * g.pad(), qrScatter = roundUp(g.ho() * wbScatter, QB);
        if (qrScatter < qr) return transposeByScatter(g, gy, w, wbScatter, qrScatter);
        int top = g.kh() - 1 - g.pad(), left = g.kw() - 1 - g.pad();
        Plan p = plan(g.o(), g.kh(), g.kw(), wb, qr);
        double[] wt = flippedTranspose(g, w);
        double[] dx = new double[g.inputShape().size()];
        int inPlane = g.ho() * g.wo(), outPlane = g.h() * g.w();
        Parallel.forRange(g.n(), grain((long) g.o() * g.c() * p.taps() * qr), (lo, hi) -> {
            double[] buf = new double[g.o() * p.len()], out = new double[g.c() * qr];
            for (int n = lo; n < hi; n++) {
                for (int o = 0; o < g.o(); o++) {
                    place(gy, (n * g.o() + o) * inPlane, g.ho(), g.wo(), buf, o * p.len(), wb, g.h() + g.kh() - 1,
                            top, left);
                }
                DirectConvKernels.correlate(p, buf, 0, wt, g.c(), out, qr);
                copyRows(out, qr, wb, dx, n * g.c() * outPlane, g.c(), g.h(), g.w());
            }
        });
        return new Tensor(g.inputShape(), dx);
    }

    /**
     * The input adjoint in scatter form: each sample's output gradient on the padded input grid (row stride wb) is
     * multiplied into a zeroed padded input buffer tap by tap, then the buffer's interior is copied out. Used when the
     * output is smaller than the input, so that no padding zeros are multiplied.
     */
    private static Tensor transposeByScatter(Geom g, double[] gy, double[] w, int wb, int qr) {
        Plan p = plan(g.c(), g.kh(), g.kw(), wb, qr);
        double[] dx = new double[g.inputShape().size()];
        int gyPlane = g.ho() * g.wo(), dxPlane = g.h() * g.w();
        Parallel.forRange(g.n(), grain((long) g.o() * g.c() * p.taps() * qr), (lo, hi) -> {
            double[] gb = new double[g.o() * qr], xp = new double[g.c() * p.len()];
            for (int n = lo; n < hi; n++) {
                for (int o = 0; o < g.o(); o++) {
                    place(gy, (n * g.o() + o) * gyPlane, g.ho(), g.wo(), gb, o * qr, wb, g.ho(), 0, 0);
                }
                java.util.Arrays.fill(xp, 0.0);
                DirectConvKernels.scatter(p, gb, g.o(), qr, w, xp);
                for (int c = 0; c < g.c(); c++) {
                    for (int y = 0; y < g.h(); y++) {
                        System.arraycopy(xp, c * p.len() + (y + g.pad()) * wb + g.pad(), dx,
                                ((n * g.c() + c) * g.h() + y) * g.w(), g.w());
                    }
                }
            }
        });
        return new Tensor(g.inputShape(), dx);
    }

    /** {@code conv2dWeightGrad(x, gy)} for stride 1; see {@link ConvOps#conv2dWeightGrad}. */
    static Tensor weightGrad(Geom g, double[] x, double[] gy, Shape weightShape) {
        int wb = g.w() + 2 * g.pad(), qr = roundUp(g.ho() * wb, L);
        Plan p = plan(g.c(), g.kh(), g.kw(), wb, qr);
        int per = samplesPerWeightChunk(g, p, qr);
        int chunks = (g.n() + per - 1) / per;
        double[] dw = new double[weightShape.size()];
        // Waves bound the partial sums held at once; within a wave they are added in chunk order, whichever thread
        // computed each.
        for (int first = 0; first < chunks; first += ConvOps.WAVE) {
            double[][] partial = new double[Math.min(ConvOps.WAVE, chunks - first)][];
            int base = first;
            Parallel.forRange(partial.length, 1, (lo, hi) -> {
                for (int k = lo; k < hi; k++) {
                    int n0 = (base + k) * per;
                    partial[k] = weightGradChunk(g, p, qr, x, gy, n0, Math.min(g.n(), n0 + per));
                }
            });
            for (double[] part : partial) {
                for (int i = 0; i < dw.length; i++) dw[i] += part[i];
            }
        }
        return new Tensor(weightShape, dw);
    }

    /** Samples [lo, hi): padded inputs and row-stride-wb output gradients side by side, then the correlations. */
    private static double[] weightGradChunk(Geom g, Plan p, int qr, double[] x, double[] gy, int lo, int hi) {
        int ns = hi - lo, inPlane = g.h() * g.w(), outPlane = g.ho() * g.wo();
        double[] xs = new double[ns * g.c() * p.len()], gs = new double[ns * g.o() * qr];
        for (int n = lo; n < hi; n++) {
            int s = n - lo;
            for (int c = 0; c < g.c(); c++) {
                place(x, (n * g.c() + c) * inPlane, g.h(), g.w(), xs, (s * g.c() + c) * p.len(), p.wb(),
                        g.h() + 2 * g.pad(), g.pad(), g.pad());
            }
            for (int o = 0; o < g.o(); o++) {
                place(gy, (n * g.o() + o) * outPlane, g.ho(), g.wo(), gs, (s * g.o() + o) * qr, p.wb(), g.ho(), 0,
                        0);
            }
        }
        double[] part = new double[g.o() * g.c() * p.taps()];
        DirectConvKernels.weightCorrelate(p, xs, gs, ns, g.o(), qr, part);
        return part;
    }

    /** Samples per weight-gradient chunk: one pass over a chunk stays in L2, and a batch gives several chunks. */
    private static int samplesPerWeightChunk(Geom g, Plan p, int qr) {
        int byCache = Math.max(1, PASS_BUDGET / (4 * qr + p.len()));
        int bySpread = Math.max(1, (g.n() + MIN_CHUNKS - 1) / MIN_CHUNKS);
        return Math.min(byCache, bySpread);
    }

    /**
     * The padded-plane layout: a channel holds {@code len = qr + (kh−1)·wb + kw − 1} doubles, so every tap of every
     * computed position (including the rounded-up tail) reads inside the channel.
     */
    private static Plan plan(int cin, int kh, int kw, int wb, int qr) {
        return new Plan(cin, kh, kw, wb, qr + (kh - 1) * wb + kw - 1);
    }

    /** w {@code [O, C, kh, kw]} as {@code wt[c, o, i, j] = w[o, c, kh−1−i, kw−1−j]}. */
    private static double[] flippedTranspose(Geom g, double[] w) {
        int kk = g.kh() * g.kw();
        double[] wt = new double[w.length];
        for (int o = 0; o < g.o(); o++) {
            for (int c = 0; c < g.c(); c++) {
                for (int t = 0; t < kk; t++) wt[(c * g.o() + o) * kk + t] = w[(o * g.c() + c) * kk + kk - 1 - t];
            }
        }
        return wt;
    }

    /**
     * Copies the {@code h × w} plane at {@code src[so]} into the {@code rows × wb} plane at {@code dst[d0]} with its
     * element (0, 0) at row {@code top}, column {@code left}; parts falling outside are dropped. Other positions keep
     * their values (zero in a fresh buffer; a reused buffer gets the same positions written for every sample).
     */
    private static void place(double[] src, int so, int h, int w, double[] dst, int d0, int wb, int rows, int top,
                              int left) {
        int c0 = Math.max(0, -left), c1 = Math.min(w, wb - left);
        if (c1 <= c0) return;
        for (int r = Math.max(0, -top); r < Math.min(h, rows - top); r++) {
            System.arraycopy(src, so + r * w + c0, dst, d0 + (r + top) * wb + left + c0, c1 - c0);
        }
    }

    /** {@code dst[d0 + (ch·rows + a)·cols + b] = out[ch·qr + a·wb + b]} for b &lt; cols. */
    private static void copyRows(double[] out, int qr, int wb, double[] dst, int d0, int channels, int rows, int cols) {
        for (int ch = 0; ch < channels; ch++) {
            for (int a = 0; a < rows; a++) {
                System.arraycopy(out, ch * qr + a * wb, dst, d0 + (ch * rows + a) * cols, cols);
            }
        }
    }

    private static int grain(long workPerSample) {
        return (int) Math.max(1, CHUNK_WORK / Math.max(1, workPerSample));
    }

    private static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }
}
