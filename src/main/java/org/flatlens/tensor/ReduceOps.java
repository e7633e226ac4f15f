package org.flatlens.tensor;

import org.flatlens.tensor.kernels.Parallel;

/**
 * Reductions. Every output element is summed in a fixed order (increasing index), so results do not depend on the
 * thread count; sums over axes are split over {@link Parallel}'s threads by output elements, never within a sum.
 */
public final class ReduceOps {
    /** Elements read per parallel chunk of a sum over axes. */
    private static final int GRAIN = 1 << 15;

    private ReduceOps() {}

    public static double sumAll(Tensor a) {
        double s = 0;
        for (double v : a.data()) s += v;
        return s;
    }

    public static double dot(Tensor a, Tensor b) {
        if (a.size() != b.size()) throw new IllegalArgumentException("dot of " + a.shape() + " and " + b.shape());
        double[] x = a.data(), y = b.data();
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }

    /** The shape left after reducing {@code axes}. */
    public static Shape reducedShape(Shape s, int[] axes, boolean keepDims) {
        boolean[] red = mask(s, axes);
        int[] d = s.dims();
        int n = 0;
        for (int i = 0; i < d.length; i++) if (!red[i] || keepDims) n++;
        int[] out = new int[n];
        int j = 0;
        for (int i = 0; i < d.length; i++) {
            if (!red[i]) out[j++] = d[i];
            else if (keepDims) out[j++] = 1;
        }
        return Shape.of(out);
    }

    private static boolean[] mask(Shape s, int[] axes) {
        boolean[] red = new boolean[s.rank()];
        for (int a : axes) red[s.axis(a)] = true;
        return red;
    }

    /** Sum over {@code axes}. */
    public static Tensor sum(Tensor a, int[] axes, boolean keepDims) {
        Shape s = a.shape();
        boolean[] red = mask(s, axes);
        Shape kept = reducedShape(s, axes, true);
        double[] out = new double[kept.size()];
        double[] x = a.data();
        // Fast path: reducing a contiguous block of trailing or leading axes.
        int r = s.rank();
        int first = 0;
        while (first < r && !red[first]) first++;
        int last = r - 1;
        while (last >= 0 && !red[last]) last--;
        boolean contiguous = true;
        for (int i = first; i <= last; i++) contiguous &= red[i];
        if (first > last) {
            System.arraycopy(x, 0, out, 0, x.length);
        } else if (contiguous) {
            sumContiguous(x, out, s.sizeOf(0, first), s.sizeOf(first, last + 1), s.sizeOf(last + 1, r));
        } else if (keptBlockBetweenReduced(red, first, last)) {
            sumAroundKeptBlock(s, red, x, out);
        } else {
            int[] ks = kept.strides();
            int[] st = new int[r];
            for (int i = 0; i < r; i++) st[i] = red[i] ? 0 : ks[i];
            int[] dims = s.dims();
            int[] idx = new int[r];
            int o = 0;
            for (int i = 0; i < x.length; i++) {
                out[o] += x[i];
                for (int d = r - 1; d >= 0; d--) {
                    idx[d]++;
                    o += st[d];
                    if (idx[d] < dims[d]) break;
                    o -= st[d] * dims[d];
                    idx[d] = 0;
                }
            }
        }
        return new Tensor(keepDims ? kept : reducedShape(s, axes, false), out);
    }

    /**
     * {@code out[o, i] = Σ_m x[o, m, i]} for x viewed as {@code [outer, mid, inner]}, m increasing. Work is split into
     * (o, column block) units, each summing all of m for its columns, so every element has the serial order.
     */
    private static void sumContiguous(double[] x, double[] out, int outer, int mid, int inner) {
        if (inner == 1) {
            sumRows(x, out, outer, mid);
            return;
        }
        int cols = Math.max(1, Math.min(inner, GRAIN / Math.max(1, mid)));
        int blocks = (inner + cols - 1) / cols;
        int grain = Math.max(1, GRAIN / Math.max(1, mid * cols));
        Parallel.forRange(outer * blocks, grain, (lo, hi) -> {
            for (int u = lo; u < hi; u++) {
                int o = u / blocks, c0 = u % blocks * cols, c1 = Math.min(inner, c0 + cols);
                int base = o * mid * inner, ob = o * inner;
                for (int m = 0; m < mid; m++) {
                    int row = base + m * inner;
                    for (int i = c0; i < c1; i++) out[ob + i] += x[row + i];
                }
            }
        });
    }

    /**
     * {@code out[o] = Σ_m x[o·mid + m]}, m increasing (a sum over the last axes: LayerNorm's mean, softmax's
     * normaliser). Four rows at a time in registers: one row's chain of dependent adds through memory ran at a few cycles
     * per element; independent chains overlap, each still in the serial order.
     */
    private static void sumRows(double[] x, double[] out, int outer, int mid) {
        Parallel.forRange(outer, Math.max(1, GRAIN / Math.max(1, mid)), (lo, hi) -> {
            int o = lo;
            for (; o + 4 <= hi; o += 4) {
                int r0 = o * mid, r1 = r0 + mid, r2 = r1 + mid, r3 = r2 + mid;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int m = 0; m < mid; m++) {
                    s0 += x[r0 + m];
                    s1 += x[r1 + m];
                    s2 += x[r2 + m];
                    s3 += x[r3 + m];
                }
                out[o] = s0;
                out[o + 1] = s1;
                out[o + 2] = s2;
                out[o + 3] = s3;
            }
            for (; o < hi; o++) {
                double s = 0;
                for (int m = 0, r = o * mid; m < mid; m++) s += x[r + m];
                out[o] = s;
            }
        });
    }

    /** Whether the kept axes form one block with reduced axes on both sides (a bias gradient: [N, C, H, W] → [C]). */
    private static boolean keptBlockBetweenReduced(boolean[] red, int first, int last) {
        if (first != 0 || !red[red.length - 1]) return false;
        int i = 0;
        while (i < red.length && red[i]) i++;
        while (i < red.length && !red[i]) i++;
        while (i < red.length && red[i]) i++;
        return i == red.length;
    }

    /** The sum for {@link #keptBlockBetweenReduced}; each output adds its inputs in flat order, as the general loop. */
    private static void sumAroundKeptBlock(Shape s, boolean[] red, double[] x, double[] out) {
        int a = 0;
        while (red[a]) a++;
        int b = a;
        while (!red[b]) b++;
        int outer = s.sizeOf(0, a), mid = s.sizeOf(a, b), inner = s.sizeOf(b, s.rank());
        for (int o = 0; o < outer; o++) {
            for (int m = 0; m < mid; m++) {
                int row = (o * mid + m) * inner;
                double acc = out[m];
                for (int i = 0; i < inner; i++) acc += x[row + i];
                out[m] = acc;
            }
        }
    }

    /** Sums away the broadcast dimensions of {@code a} so that it has shape {@code target}. */
    public static Tensor sumTo(Tensor a, Shape target) {
        Shape s = a.shape();
        if (s.equals(target)) return a;
        int off = s.rank() - target.rank();
        if (off < 0) throw new IllegalArgumentException("cannot sum " + s + " to " + target);
        int n = 0;
        int[] axes = new int[s.rank()];
        for (int i = 0; i < s.rank(); i++) {
            if (i < off) axes[n++] = i;
            else if (target.dim(i - off) == 1 && s.dim(i) != 1) axes[n++] = i;
            else if (target.dim(i - off) != s.dim(i)) {
                throw new IllegalArgumentException("cannot sum " + s + " to " + target);
            }
        }
        return sum(a, java.util.Arrays.copyOf(axes, n), true).reshape(target);
    }

    /** Flat indices into {@code a} of the maxima along {@code axis} (first maximum on ties), in reduced-shape order. */
    public static int[] argmaxIndices(Tensor a, int axis) {
        Shape s = a.shape();
        int ax = s.axis(axis);
        int outer = s.sizeOf(0, ax), len = s.dim(ax), inner = s.sizeOf(ax + 1, s.rank());
        if (len == 0) throw new IllegalArgumentException("max over an empty axis of " + s);
        double[] x = a.data();
        int[] idx = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                int best = base;
                double bv = x[base];
                for (int k = 1; k < len; k++) {
                    int p = base + k * inner;
                    if (x[p] > bv || Double.isNaN(x[p]) && !Double.isNaN(bv)) {
                        bv = x[p];
                        best = p;
                    }
                }
                idx[o * inner + i] = best;
            }
        }
        return idx;
    }
}
