package org.flatlens.tensor;

import org.flatlens.tensor.kernels.Parallel;

/**
 * 2-D max pooling as an index computation, NCHW, floor mode, no padding.
 *
 * <p>For x {@code [N, C, H, W]}, a square window of size k and stride s give {@code [N, C, Ho, Wo]} with
 * {@code Ho = (H − k)/s + 1}, {@code Wo = (W − k)/s + 1}. The pooled tensor is {@code x.gather(idx, shape)} and its
 * gradient {@code g.scatterAdd(idx, x.shape())}, so pooling needs no kernel of its own beyond the argmax indices. The
 * indices are piecewise constant in x, so away from ties the op is locally linear (zero second derivative).
 *
 * <p>Ties pick the first maximum in row-major window order; a NaN in a window wins (the first NaN), so NaN propagates
 * as in PyTorch. Failure modes: IllegalArgumentException for a rank other than 4, kernel or stride &lt; 1, or a window
 * larger than the input.
 */
public final class PoolOps {
    private PoolOps() {}

    /**
     * The output shape {@code [N, C, (H − k)/s + 1, (W − k)/s + 1]}.
     *
     * @param in input shape {@code [N, C, H, W]}
     */
    public static Shape maxPool2dShape(Shape in, int kernel, int stride) {
        if (in.rank() != 4) throw new IllegalArgumentException("maxPool2d: input must be [N, C, H, W], got " + in);
        if (kernel < 1) throw new IllegalArgumentException("maxPool2d: kernel must be >= 1, got " + kernel);
        if (stride < 1) throw new IllegalArgumentException("maxPool2d: stride must be >= 1, got " + stride);
        if (kernel > in.dim(2) || kernel > in.dim(3)) {
            throw new IllegalArgumentException("maxPool2d: kernel " + kernel + " larger than the input " + in);
        }
        return Shape.of(in.dim(0), in.dim(1), (in.dim(2) - kernel) / stride + 1, (in.dim(3) - kernel) / stride + 1);
    }

    /**
     * For each element of the pooled output (row-major over {@code [N, C, Ho, Wo]}), the flat index into x of its
     * window's maximum.
     *
     * @param x input {@code [N, C, H, W]}, not modified
     */
    public static int[] maxPool2dIndices(Tensor x, int kernel, int stride) {
        Shape out = maxPool2dShape(x.shape(), kernel, stride);
        int planes = out.dim(0) * out.dim(1), h = x.dim(2), w = x.dim(3), ho = out.dim(2), wo = out.dim(3);
        int[] idx = new int[out.size()];
        double[] v = x.data();
        int grain = Math.max(1, (1 << 15) / Math.max(1, h * w));
        Parallel.forRange(planes, grain, (lo, hi) -> {
            for (int p = lo; p < hi; p++) {
                for (int a = 0; a < ho; a++) {
                    for (int b = 0; b < wo; b++) {
                        int corner = p * h * w + a * stride * w + b * stride;
                        idx[(p * ho + a) * wo + b] = kernel == 2 ? argmax2x2(v, corner, w)
                                : windowArgmax(v, corner, w, kernel);
                    }
                }
            }
        });
        return idx;
    }

    /**
     * {@link #windowArgmax} for k = 2, with selects instead of branches (which mispredict on about half of the
     * windows); a window with a NaN goes to the general loop.
     */
    private static int argmax2x2(double[] v, int start, int rowStride) {
        int below = start + rowStride;
        double a = v[start], b = v[start + 1], c = v[below], d = v[below + 1];
        if (a != a || b != b || c != c || d != d) return windowArgmax(v, start, rowStride, 2);
        boolean gb = b > a;
        int best = gb ? start + 1 : start;
        double bv = gb ? b : a;
        boolean gc = c > bv;
        best = gc ? below : best;
        bv = gc ? c : bv;
        return d > bv ? below + 1 : best;
    }

    /** The flat index of the first maximum (or first NaN) of the k×k window whose top-left element is {@code start}. */
    private static int windowArgmax(double[] v, int start, int rowStride, int k) {
        int best = start;
        double bv = v[start];
        if (Double.isNaN(bv)) return best;
        for (int i = 0; i < k; i++) {
            int row = start + i * rowStride;
            for (int j = 0; j < k; j++) {
                double e = v[row + j];
                if (e > bv) {
                    bv = e;
                    best = row + j;
                } else if (Double.isNaN(e)) {
                    return row + j;
                }
            }
        }
        return best;
    }
}
