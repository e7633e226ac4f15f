package org.flatlens.tensor;

import java.util.Arrays;
import org.flatlens.tensor.kernels.Parallel;

/** Movement kernels: permute, slice, pad, concat, expand, gather and scatter. Results are new contiguous tensors. */
public final class MovementOps {
    /** Doubles per parallel chunk of a permute. */
    private static final int PERMUTE_GRAIN = 1 << 15;

    private MovementOps() {}

    /** The shape {@code dims} with one {@code -1} inferred so that the size matches {@code s}. */
    public static Shape inferShape(Shape s, int[] dims) {
        int[] d = dims.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("more than one -1 in " + Arrays.toString(dims));
                infer = i;
            } else {
                known *= d[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || s.size() % known != 0) {
                throw new IllegalArgumentException("cannot reshape " + s + " to " + Arrays.toString(dims));
            }
            d[infer] = (int) (s.size() / known);
        }
        Shape out = Shape.of(d);
        if (out.size() != s.size()) throw new IllegalArgumentException("cannot reshape " + s + " to " + out);
        return out;
    }

    public static Tensor permute(Tensor a, int[] axes) {
        Shape s = a.shape();
        int r = s.rank();
        if (axes.length != r) throw new IllegalArgumentException("permutation " + Arrays.toString(axes) + " for " + s);
        int[] p = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            p[i] = s.axis(axes[i]);
            if (seen[p[i]]) throw new IllegalArgumentException("not a permutation: " + Arrays.toString(axes));
            seen[p[i]] = true;
        }
        int[] inStrides = s.strides();
        int[] outDims = new int[r];
        int[] st = new int[r];
        for (int i = 0; i < r; i++) {
            outDims[i] = s.dim(p[i]);
            st[i] = inStrides[p[i]];
        }
        double[] x = a.data();
        if (r == 0) return a.copy();
        double[] out = new double[x.length];
        int inner = outDims[r - 1], outer = x.length / Math.max(1, inner);
        // Runs of the output's last axis are shared out: each is a pure copy, so the split cannot change a value.
        Parallel.forRange(outer, Math.max(1, PERMUTE_GRAIN / Math.max(1, inner)),
                (lo, hi) -> permuteRuns(x, out, outDims, st, lo, hi));
        return new Tensor(Shape.of(outDims), out);
    }

    /** Output runs {@code [lo, hi)} of the last axis; {@code st} are the input strides in output axis order. */
    private static void permuteRuns(double[] x, double[] out, int[] outDims, int[] st, int lo, int hi) {
        int r = outDims.length, inner = outDims[r - 1], innerStride = st[r - 1];
        int[] idx = new int[r];
        int src = 0;
        for (int d = r - 2, rest = lo; d >= 0; d--) {
            idx[d] = rest % outDims[d];
            rest /= outDims[d];
            src += idx[d] * st[d];
        }
        // Walk the output in order; the innermost loop is explicit for speed.
        for (int b = lo, o = lo * inner; b < hi; b++) {
            if (innerStride == 1) {
                System.arraycopy(x, src, out, o, inner);
                o += inner;
            } else {
                for (int i = 0, q = src; i < inner; i++, q += innerStride) out[o++] = x[q];
            }
            for (int d = r - 2; d >= 0; d--) {
                idx[d]++;
                src += st[d];
                if (idx[d] < outDims[d]) break;
                src -= st[d] * outDims[d];
                idx[d] = 0;
            }
        }
    }

    public static Tensor slice(Tensor a, int axis, int start, int end) {
        Shape s = a.shape();
        int ax = s.axis(axis);
        int len = s.dim(ax);
        if (start < 0 || end > len || start > end) {
            throw new IllegalArgumentException("slice [" + start + ", " + end + ") of axis " + ax + " of " + s);
        }
        int outer = s.sizeOf(0, ax), inner = s.sizeOf(ax + 1, s.rank());
        int n = end - start;
        double[] x = a.data();
        double[] out = new double[outer * n * inner];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(x, (o * len + start) * inner, out, o * n * inner, n * inner);
        }
        return new Tensor(s.with(ax, n), out);
    }

    /**
     * {@code target[..., start : start + n, ...] += part} along {@code axis}, n the part's length there: the same sums
     * as adding {@code part} padded with zeros to the target's shape, without forming the padded copy.
     */
    public static void addToSlice(Tensor target, Tensor part, int axis, int start) {
        Shape s = target.shape(), p = part.shape();
        int ax = s.axis(axis), len = s.dim(ax), n = p.dim(ax);
        if (!p.equals(s.with(ax, n)) || start < 0 || start + n > len) {
            throw new IllegalArgumentException("cannot add " + p + " at " + start + " of axis " + ax + " of " + s);
        }
        int outer = s.sizeOf(0, ax), inner = s.sizeOf(ax + 1, s.rank()), run = n * inner;
        double[] t = target.data(), x = part.data();
        for (int o = 0; o < outer; o++) {
            int to = (o * len + start) * inner, xo = o * run;
            for (int i = 0; i < run; i++) t[to + i] += x[xo + i];
        }
    }

    public static Tensor pad(Tensor a, int axis, int before, int after) {
        Shape s = a.shape();
        int ax = s.axis(axis);
        if (before < 0 || after < 0) throw new IllegalArgumentException("negative padding");
        int len = s.dim(ax), n = len + before + after;
        int outer = s.sizeOf(0, ax), inner = s.sizeOf(ax + 1, s.rank());
        double[] x = a.data();
        double[] out = new double[outer * n * inner];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(x, o * len * inner, out, (o * n + before) * inner, len * inner);
        }
        return new Tensor(s.with(ax, n), out);
    }

    public static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("concat of nothing");
        Shape s0 = parts[0].shape();
        int ax = s0.axis(axis);
        int total = 0;
        for (Tensor t : parts) {
            if (t.rank() != s0.rank()) throw new IllegalArgumentException("concat of ranks " + s0 + " and " + t.shape());
            for (int i = 0; i < s0.rank(); i++) {
                if (i != ax && t.dim(i) != s0.dim(i)) {
                    throw new IllegalArgumentException("concat along " + ax + " of " + s0 + " and " + t.shape());
                }
            }
            total += t.dim(ax);
        }
        int outer = s0.sizeOf(0, ax), inner = s0.sizeOf(ax + 1, s0.rank());
        double[] out = new double[outer * total * inner];
        int off = 0;
        for (Tensor t : parts) {
            int len = t.dim(ax);
            double[] x = t.data();
            for (int o = 0; o < outer; o++) {
                System.arraycopy(x, o * len * inner, out, (o * total + off) * inner, len * inner);
            }
            off += len;
        }
        return new Tensor(s0.with(ax, total), out);
    }

    public static Tensor expand(Tensor a, Shape target) {
        Shape b = Shape.broadcast(a.shape(), target);
        if (!b.equals(target)) throw new IllegalArgumentException("cannot expand " + a.shape() + " to " + target);
        if (a.shape().equals(target)) return a;
        return ElementwiseOps.broadcastTo(a, target);
    }

    public static Tensor gather(Tensor a, int[] flat, Shape outShape) {
        if (flat.length != outShape.size()) throw new IllegalArgumentException("gather: index count vs " + outShape);
        double[] x = a.data();
        double[] out = new double[flat.length];
        for (int i = 0; i < flat.length; i++) out[i] = x[flat[i]];
        return new Tensor(outShape, out);
    }

    public static Tensor scatterAdd(Tensor a, int[] flat, Shape outShape) {
        if (flat.length != a.size()) throw new IllegalArgumentException("scatterAdd: index count vs " + a.shape());
        double[] x = a.data();
        double[] out = new double[outShape.size()];
        for (int i = 0; i < flat.length; i++) out[flat[i]] += x[i];
        return new Tensor(outShape, out);
    }
}
