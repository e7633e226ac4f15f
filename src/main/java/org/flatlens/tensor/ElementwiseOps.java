package org.flatlens.tensor;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.flatlens.tensor.kernels.Parallel;
import org.flatlens.tensor.kernels.ReluKernels;

/**
 * Elementwise kernels with numpy broadcasting. Arguments are never modified, except the target of {@code *InPlace}.
 *
 * <p>The arithmetic operators and the common functions have their own loops (a shared loop over a functional interface
 * would not be inlined by the JIT); broadcasting merges adjacent axes that the operands traverse alike, so the inner
 * loop is as long as possible. Every kernel computes each output element by the same expression whatever the split,
 * and large tensors are split over {@link Parallel}'s threads in chunks of {@value #GRAIN} elements.
 */
public final class ElementwiseOps {
    private static final int GRAIN = 1 << 15;

    /** The arithmetic operators with dedicated loops. */
    enum Binary { ADD, SUB, MUL, DIV }

    /** The functions with dedicated loops. */
    enum Unary { EXP, LOG, SQRT, TANH, RELU, STEP, SQUARE, RECIPROCAL }

    private ElementwiseOps() {}

    public static Tensor map(Tensor a, DoubleUnaryOperator f) {
        double[] x = a.data();
        double[] out = new double[x.length];
        Parallel.forRange(x.length, GRAIN, (lo, hi) -> {
            for (int i = lo; i < hi; i++) out[i] = f.applyAsDouble(x[i]);
        });
        return new Tensor(a.shape(), out);
    }

    static Tensor unary(Tensor a, Unary op) {
        double[] x = a.data();
        double[] out = new double[x.length];
        Parallel.forRange(x.length, GRAIN, (lo, hi) -> {
            switch (op) {
                case EXP -> { for (int i = lo; i < hi; i++) out[i] = Math.exp(x[i]); }
                case LOG -> { for (int i = lo; i < hi; i++) out[i] = Math.log(x[i]); }
                case SQRT -> { for (int i = lo; i < hi; i++) out[i] = Math.sqrt(x[i]); }
                case TANH -> { for (int i = lo; i < hi; i++) out[i] = SpecialFunctions.tanh(x[i]); }
                case RELU -> ReluKernels.positivePart(x, out, lo, hi, false);
                case STEP -> ReluKernels.positivePart(x, out, lo, hi, true);
                case SQUARE -> { for (int i = lo; i < hi; i++) out[i] = x[i] * x[i]; }
                case RECIPROCAL -> { for (int i = lo; i < hi; i++) out[i] = 1.0 / x[i]; }
            }
        });
        return new Tensor(a.shape(), out);
    }

    public static Tensor scale(Tensor a, double c) {
        double[] x = a.data();
        double[] out = new double[x.length];
        Parallel.forRange(x.length, GRAIN, (lo, hi) -> {
            for (int i = lo; i < hi; i++) out[i] = c * x[i];
        });
        return new Tensor(a.shape(), out);
    }

    public static Tensor pow(Tensor a, double p) {
        if (p == 2.0) return unary(a, Unary.SQUARE);
        if (p == 1.0) return a;
        if (p == -1.0) return unary(a, Unary.RECIPROCAL);
        if (p == 0.5) return unary(a, Unary.SQRT);
        return map(a, x -> Math.pow(x, p));
    }

    public static Tensor add(Tensor a, Tensor b) {
        return binary(a, b, Binary.ADD);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        return binary(a, b, Binary.SUB);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        return binary(a, b, Binary.MUL);
    }

    public static Tensor div(Tensor a, Tensor b) {
        return binary(a, b, Binary.DIV);
    }

    /** {@code y += a x}, same shapes. */
    public static void axpyInPlace(double a, Tensor x, Tensor y) {
        if (!x.shape().equals(y.shape())) {
            throw new IllegalArgumentException("axpy on shapes " + x.shape() + " and " + y.shape());
        }
        double[] xs = x.data(), ys = y.data();
        Parallel.forRange(xs.length, GRAIN, (lo, hi) -> {
            for (int i = lo; i < hi; i++) ys[i] += a * xs[i];
        });
    }

    /** {@code y *= c}. */
    public static void scaleInPlace(Tensor y, double c) {
        double[] ys = y.data();
        Parallel.forRange(ys.length, GRAIN, (lo, hi) -> {
            for (int i = lo; i < hi; i++) ys[i] *= c;
        });
    }

    /**
     * ReLU's vector–Jacobian product {@code g ⊙ step(x)}, evaluated as {@code g[i]·(x[i] > 0 ? 1 : 0)}: bit for bit
     * {@code g.mul(x.step())} (so −0 where g is negative and x is not positive, NaN where g is not finite), in one
     * pass and without the mask tensor. Same shapes.
     */
    public static Tensor reluBackward(Tensor g, Tensor x) {
        requireSameShape(g, x, "reluBackward");
        double[] out = new double[g.size()];
        reluBackward(g.data(), x.data(), out);
        return new Tensor(g.shape(), out);
    }

    /** {@link #reluBackward} written over g. Returns g. */
    public static Tensor reluBackwardInPlace(Tensor g, Tensor x) {
        requireSameShape(g, x, "reluBackwardInPlace");
        reluBackward(g.data(), x.data(), g.data());
        return g;
    }

    /** {@code out[i] = g[i]·step(x[i])}; out may be g. */
    private static void reluBackward(double[] gs, double[] xs, double[] out) {
        Parallel.forRange(gs.length, GRAIN, (lo, hi) -> ReluKernels.stepTimes(gs, xs, out, lo, hi));
    }

    /** {@code y[i] = y[i]·x[i]}, same shapes: the bits of {@code y.mul(x)} written over y. Returns y. */
    public static Tensor mulInPlace(Tensor y, Tensor x) {
        requireSameShape(y, x, "mulInPlace");
        double[] ys = y.data(), xs = x.data();
        Parallel.forRange(ys.length, GRAIN, (lo, hi) -> {
            for (int i = lo; i < hi; i++) ys[i] = ys[i] * xs[i];
        });
        return y;
    }

    /**
     * The product rule's two cotangents {@code {g ⊙ b, g ⊙ a}} of {@code a ⊙ b}, evaluated as {@code g[i]·b[i]} and
     * {@code g[i]·a[i]}: bit for bit {@code g.mul(b)} and {@code g.mul(a)}, in one pass over g. Same shapes.
     */
    public static Tensor[] productRuleBackward(Tensor g, Tensor a, Tensor b) {
        requireSameShape(g, a, "productRuleBackward");
        requireSameShape(g, b, "productRuleBackward");
        double[] gs = g.data(), as = a.data(), bs = b.data(), da = new double[gs.length], db = new double[gs.length];
        Parallel.forRange(gs.length, GRAIN, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                da[i] = gs[i] * bs[i];
                db[i] = gs[i] * as[i];
            }
        });
        return new Tensor[] {new Tensor(g.shape(), da), new Tensor(g.shape(), db)};
    }

    /**
     * {@code g − g ⊙ y²}, evaluated as {@code g[i] − g[i]·(y[i]·y[i])}: the derivative of tanh (y its output) applied to
     * a cotangent g, bit for bit as the composition {@code g.sub(g.mul(y.square()))} but in one pass. Same shapes.
     */
    public static Tensor tanhBackward(Tensor g, Tensor y) {
        requireSameShape(g, y, "tanhBackward");
        double[] gs = g.data(), ys = y.data(), out = new double[gs.length];
        Parallel.forRange(gs.length, GRAIN, (lo, hi) -> {
            for (int i = lo; i < hi; i++) out[i] = gs[i] - gs[i] * (ys[i] * ys[i]);
        });
        return new Tensor(g.shape(), out);
    }

    /**
     * GELU in its erf form, evaluated as {@code 0.5·(x·(erf(0.7071067811865476·x) + 1))}: bit for bit the composition
     * {@code x.mul(x.mul(1/√2).erf().add(1)).mul(0.5)}, in one pass.
     */
    public static Tensor gelu(Tensor a) {
        double[] x = a.data(), out = new double[x.length];
        Parallel.forRange(x.length, GRAIN, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                out[i] = 0.5 * (x[i] * (SpecialFunctions.erf(SpecialFunctions.INV_SQRT2 * x[i]) + 1.0));
            }
        });
        return new Tensor(a.shape(), out);
    }

    /** GELU's derivative {@code Φ(x) + x φ(x) = 0.5·(1 + erf(x/√2)) + x·exp(−x²/2)/√(2π)}. */
    public static Tensor geluDerivative(Tensor a) {
        double[] x = a.data(), out = new double[x.length];
        Parallel.forRange(x.length, GRAIN, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                double v = x[i];
                out[i] = 0.5 * (SpecialFunctions.erf(SpecialFunctions.INV_SQRT2 * v) + 1.0)
                        + v * (SpecialFunctions.INV_SQRT_2PI * Math.exp(-0.5 * (v * v)));
            }
        });
        return new Tensor(a.shape(), out);
    }

    /**
     * {@code g ⊙ (c·exp(−x²))}, evaluated as {@code g[i]·(c·exp(−(x[i]·x[i])))}: the derivative of erf (c = 2/√π)
     * applied to a cotangent g, bit for bit as {@code g.mul(x.square().neg().exp().mul(c))} but in one pass. Same shapes.
     */
    public static Tensor erfBackward(Tensor g, Tensor x, double c) {
        requireSameShape(g, x, "erfBackward");
        double[] gs = g.data(), xs = x.data(), out = new double[gs.length];
        Parallel.forRange(gs.length, GRAIN, (lo, hi) -> {
            for (int i = lo; i < hi; i++) out[i] = gs[i] * (c * Math.exp(-(xs[i] * xs[i])));
        });
        return new Tensor(g.shape(), out);
    }

    /**
     * {@code g ⊙ (c·x)}, evaluated as {@code g[i]·(x[i]·c)}: bit for bit {@code g.mul(x.mul(c))} in one pass (the
     * derivative of {@code x²} when c = 2). Same shapes.
     */
    public static Tensor mulScaled(Tensor g, Tensor x, double c) {
        requireSameShape(g, x, "mulScaled");
        double[] gs = g.data(), xs = x.data(), out = new double[gs.length];
        Parallel.forRange(gs.length, GRAIN, (lo, hi) -> {
            for (int i = lo; i < hi; i++) out[i] = gs[i] * (xs[i] * c);
        });
        return new Tensor(g.shape(), out);
    }

    static void requireSameShape(Tensor a, Tensor b, String what) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException(what + " on shapes " + a.shape() + " and " + b.shape());
        }
    }

    /** {@code f} applied to the broadcast pair. */
    public static Tensor zip(Tensor a, Tensor b, DoubleBinaryOperator f) {
        Broadcast bc = Broadcast.of(a.shape(), b.shape());
        double[] x = a.data(), y = b.data(), r = new double[bc.out().size()];
        forEachRunParallel(bc, (xo, xs, yo, ys, ro, n) -> {
            for (int i = 0; i < n; i++) r[ro + i] = f.applyAsDouble(x[xo + i * xs], y[yo + i * ys]);
        });
        return new Tensor(bc.out(), r);
    }

    static Tensor binary(Tensor a, Tensor b, Binary op) {
        Broadcast bc = Broadcast.of(a.shape(), b.shape());
        double[] x = a.data(), y = b.data(), r = new double[bc.out().size()];
        forEachRunParallel(bc, (xo, xs, yo, ys, ro, n) -> run(op, x, xo, xs, y, yo, ys, r, ro, n));
        return new Tensor(bc.out(), r);
    }

    /** {@code a} broadcast to {@code target} (numpy rules), as a new tensor; a is not modified. */
    static Tensor broadcastTo(Tensor a, Shape target) {
        Broadcast bc = Broadcast.of(a.shape(), target);
        if (!bc.out().equals(target)) throw new IllegalArgumentException("cannot expand " + a.shape() + " to " + target);
        double[] x = a.data(), r = new double[target.size()];
        forEachRunParallel(bc, (xo, xs, yo, ys, ro, n) -> {
            if (xs == 0) java.util.Arrays.fill(r, ro, ro + n, x[xo]);
            else System.arraycopy(x, xo, r, ro, n);
        });
        return new Tensor(target, r);
    }

    /**
     * Visits the runs of {@code bc} in parallel: a single run is cut into chunks of GRAIN elements, several runs are
     * shared out in groups of about GRAIN elements. Chunks write disjoint outputs.
     */
    private static void forEachRunParallel(Broadcast bc, Broadcast.RunBody body) {
        int runs = bc.runCount(), inner = bc.runLength();
        if (runs == 1) {
            bc.forEachRun(0, 1, (xo, xs, yo, ys, ro, n) -> Parallel.forRange(n, GRAIN,
                    (lo, hi) -> body.run(xo + lo * xs, xs, yo + lo * ys, ys, ro + lo, hi - lo)));
            return;
        }
        Parallel.forRange(runs, Math.max(1, GRAIN / Math.max(1, inner)), (lo, hi) -> bc.forEachRun(lo, hi, body));
    }

    /** One run of {@code n} outputs; the operand strides {@code xs}, {@code ys} are 0 (broadcast) or 1. */
    private static void run(Binary op, double[] x, int xo, int xs, double[] y, int yo, int ys, double[] r, int ro,
            int n) {
        // Strides fixed per loop, so the JIT can vectorise the common cases.
        if (xs == 1 && ys == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) r[ro + i] = x[xo + i] + y[yo + i]; }
                case SUB -> { for (int i = 0; i < n; i++) r[ro + i] = x[xo + i] - y[yo + i]; }
                case MUL -> { for (int i = 0; i < n; i++) r[ro + i] = x[xo + i] * y[yo + i]; }
                case DIV -> { for (int i = 0; i < n; i++) r[ro + i] = x[xo + i] / y[yo + i]; }
            }
            return;
        }
        if (xs == 1 && ys == 0) {
            double b = y[yo];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) r[ro + i] = x[xo + i] + b; }
                case SUB -> { for (int i = 0; i < n; i++) r[ro + i] = x[xo + i] - b; }
                case MUL -> { for (int i = 0; i < n; i++) r[ro + i] = x[xo + i] * b; }
                case DIV -> { for (int i = 0; i < n; i++) r[ro + i] = x[xo + i] / b; }
            }
            return;
        }
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) r[ro + i] = x[xo + i * xs] + y[yo + i * ys]; }
            case SUB -> { for (int i = 0; i < n; i++) r[ro + i] = x[xo + i * xs] - y[yo + i * ys]; }
            case MUL -> { for (int i = 0; i < n; i++) r[ro + i] = x[xo + i * xs] * y[yo + i * ys]; }
            case DIV -> { for (int i = 0; i < n; i++) r[ro + i] = x[xo + i * xs] / y[yo + i * ys]; }
        }
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
