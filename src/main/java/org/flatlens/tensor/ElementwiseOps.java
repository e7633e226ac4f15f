package org.flatlens.tensor;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/** Elementwise kernels with numpy broadcasting. Arguments are never modified, except the target of {@code *InPlace}. */
public final class ElementwiseOps {
    private static final int GRAIN = 1 << 15;

    private ElementwiseOps() {}

    public static Tensor map(Tensor a, DoubleUnaryOperator f) {
        double[] x = a.data();
        double[] out = new double[x.length];
        Parallel.forRange(x.length, GRAIN, (lo, hi) -> {
            for (int i = lo; i < hi; i++) out[i] = f.applyAsDouble(x[i]);
        });
        return new Tensor(a.shape(), out);
    }

    public static Tensor scale(Tensor a, double c) {
        double[] x = a.data();
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = c * x[i];
        return new Tensor(a.shape(), out);
    }

    public static Tensor pow(Tensor a, double p) {
        if (p == 2.0) return map(a, x -> x * x);
        if (p == 1.0) return a;
        if (p == -1.0) return map(a, x -> 1.0 / x);
        if (p == 0.5) return map(a, Math::sqrt);
        return map(a, x -> Math.pow(x, p));
    }

    public static Tensor add(Tensor a, Tensor b) {
        if (a.shape().equals(b.shape())) {
            double[] x = a.data(), y = b.data(), out = new double[x.length];
            for (int i = 0; i < x.length; i++) out[i] = x[i] + y[i];
            return new Tensor(a.shape(), out);
        }
        return zip(a, b, Double::sum);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        if (a.shape().equals(b.shape())) {
            double[] x = a.data(), y = b.data(), out = new double[x.length];
            for (int i = 0; i < x.length; i++) out[i] = x[i] - y[i];
            return new Tensor(a.shape(), out);
        }
        return zip(a, b, (u, v) -> u - v);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        if (a.shape().equals(b.shape())) {
            double[] x = a.data(), y = b.data(), out = new double[x.length];
            for (int i = 0; i < x.length; i++) out[i] = x[i] * y[i];
            return new Tensor(a.shape(), out);
        }
        return zip(a, b, (u, v) -> u * v);
    }

    public static Tensor div(Tensor a, Tensor b) {
        return zip(a, b, (u, v) -> u / v);
    }

    /** {@code y += a x}, same shapes. */
    public static void axpyInPlace(double a, Tensor x, Tensor y) {
        if (!x.shape().equals(y.shape())) {
            throw new IllegalArgumentException("axpy on shapes " + x.shape() + " and " + y.shape());
        }
        double[] xs = x.data(), ys = y.data();
        for (int i = 0; i < xs.length; i++) ys[i] += a * xs[i];
    }

    /** {@code f} applied to the broadcast pair. */
    public static Tensor zip(Tensor a, Tensor b, DoubleBinaryOperator f) {
        Shape out = Shape.broadcast(a.shape(), b.shape());
        double[] x = a.data(), y = b.data();
        double[] r = new double[out.size()];
        if (a.shape().equals(out) && b.shape().equals(out)) {
            for (int i = 0; i < r.length; i++) r[i] = f.applyAsDouble(x[i], y[i]);
        } else if (a.shape().equals(out) && isSuffix(b.shape(), out)) {
            int m = y.length;
            for (int i = 0; i < r.length; i++) r[i] = f.applyAsDouble(x[i], y[i % m]);
        } else if (b.shape().equals(out) && isSuffix(a.shape(), out)) {
            int m = x.length;
            for (int i = 0; i < r.length; i++) r[i] = f.applyAsDouble(x[i % m], y[i]);
        } else {
            int[] sa = broadcastStrides(a.shape(), out), sb = broadcastStrides(b.shape(), out);
            int[] dims = out.dims();
            int[] idx = new int[dims.length];
            int ia = 0, ib = 0;
            for (int i = 0; i < r.length; i++) {
                r[i] = f.applyAsDouble(x[ia], y[ib]);
                for (int d = dims.length - 1; d >= 0; d--) {
                    idx[d]++;
                    ia += sa[d];
                    ib += sb[d];
                    if (idx[d] < dims[d]) break;
                    ia -= sa[d] * dims[d];
                    ib -= sb[d] * dims[d];
                    idx[d] = 0;
                }
            }
        }
        return new Tensor(out, r);
    }

    /** True when {@code s}, without its leading size-1 dimensions, equals the trailing dimensions of {@code out}. */
    static boolean isSuffix(Shape s, Shape out) {
        int lead = 0;
        while (lead < s.rank() && s.dim(lead) == 1) lead++;
        int len = s.rank() - lead;
        if (len > out.rank()) return false;
        for (int i = 0; i < len; i++) if (s.dim(lead + i) != out.dim(out.rank() - len + i)) return false;
        return true;
    }

    /** Strides of {@code s} as seen in the broadcast shape {@code out}: 0 along broadcast axes. */
    static int[] broadcastStrides(Shape s, Shape out) {
        int[] st = s.strides();
        int[] r = new int[out.rank()];
        int off = out.rank() - s.rank();
        for (int i = 0; i < s.rank(); i++) r[off + i] = s.dim(i) == 1 && out.dim(off + i) != 1 ? 0 : st[i];
        return r;
    }
}
