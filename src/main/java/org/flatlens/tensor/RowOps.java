package org.flatlens.tensor;

import org.flatlens.tensor.kernels.Parallel;

/**
 * Normalisations over the last axis (softmax, layer normalisation without affine parameters) and their
 * vector–Jacobian products, each one pass over a row. As primitives they replace compositions of 6–10 elementwise
 * nodes, whose backward passes dominated the ViT's batched Jacobians. Rows are split over {@link Parallel}'s threads;
 * every row is computed by the same expression whatever the split. Arguments are never modified, except the
 * cotangent of an {@code *InPlace} backward.
 */
public final class RowOps {
    /** Rows per parallel task, so that a task touches about 2^14 values. */
    private static final int GRAIN = 1 << 14;

    private RowOps() {}

    /** {@code exp(x − max) / Σ exp(x − max)} along the last axis. */
    public static Tensor softmax(Tensor x) {
        int d = lastDim(x), rows = x.size() / Math.max(1, d);
        double[] xs = x.data(), out = new double[xs.length];
        Parallel.forRange(rows, grain(d), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int o = r * d;
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < d; j++) m = Math.max(m, xs[o + j]);
                double s = 0;
                for (int j = 0; j < d; j++) s += out[o + j] = Math.exp(xs[o + j] - m);
                double inv = 1.0 / s;
                for (int j = 0; j < d; j++) out[o + j] *= inv;
            }
        });
        return new Tensor(x.shape(), out);
    }

    /** The softmax's vector–Jacobian product from its output y: {@code y ⊙ (g − Σ g ⊙ y)} along the last axis. */
    public static Tensor softmaxBackward(Tensor g, Tensor y) {
        return new Tensor(g.shape(), softmaxBackward(g, y, new double[g.size()]));
    }

    /** {@link #softmaxBackward} written over g (each row's sum is taken before the row is written). Returns g. */
    public static Tensor softmaxBackwardInPlace(Tensor g, Tensor y) {
        softmaxBackward(g, y, g.data());
        return g;
    }

    private static double[] softmaxBackward(Tensor g, Tensor y, double[] out) {
        ElementwiseOps.requireSameShape(g, y, "softmaxBackward");
        int d = lastDim(y), rows = y.size() / Math.max(1, d);
        double[] gs = g.data(), ys = y.data();
        Parallel.forRange(rows, grain(d), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int o = r * d;
                double s = 0;
                for (int j = 0; j < d; j++) s += gs[o + j] * ys[o + j];
                for (int j = 0; j < d; j++) out[o + j] = ys[o + j] * (gs[o + j] - s);
            }
        });
        return out;
    }

    /** {@code (x − mean) / sqrt(var + eps)} along the last axis, var the biased variance (as PyTorch). */
    public static Tensor layerNorm(Tensor x, double eps) {
        int d = lastDim(x), rows = x.size() / Math.max(1, d);
        double[] xs = x.data(), out = new double[xs.length];
        Parallel.forRange(rows, grain(d), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int o = r * d;
                double mean = rowMean(xs, o, d), rstd = reciprocalStd(xs, o, d, mean, eps);
                for (int j = 0; j < d; j++) out[o + j] = (xs[o + j] - mean) * rstd;
            }
        });
        return new Tensor(x.shape(), out);
    }

    /** {@code 1 / sqrt(var + eps)} of every row along the last axis, {@code [rows]}: layer normalisation's scale. */
    public static Tensor reciprocalStd(Tensor x, double eps) {
        int d = lastDim(x), rows = x.size() / Math.max(1, d);
        double[] xs = x.data(), out = new double[rows];
        Parallel.forRange(rows, grain(d), (lo, hi) -> {
            for (int r = lo; r < hi; r++) out[r] = reciprocalStd(xs, r * d, d, rowMean(xs, r * d, d), eps);
        });
        return new Tensor(Shape.of(rows), out);
    }

    /**
     * Layer normalisation's vector–Jacobian product from its output y and the rows' {@link #reciprocalStd}:
     * {@code (g − mean(g) − y ⊙ mean(g ⊙ y)) · rstd} along the last axis.
     */
    public static Tensor layerNormBackward(Tensor g, Tensor y, Tensor rstd) {
        return new Tensor(g.shape(), layerNormBackward(g, y, rstd, new double[g.size()]));
    }

    /** {@link #layerNormBackward} written over g (each row's sums are taken before the row is written). Returns g. */
    public static Tensor layerNormBackwardInPlace(Tensor g, Tensor y, Tensor rstd) {
        layerNormBackward(g, y, rstd, g.data());
        return g;
    }

    private static double[] layerNormBackward(Tensor g, Tensor y, Tensor rstd, double[] out) {
        ElementwiseOps.requireSameShape(g, y, "layerNormBackward");
        int d = lastDim(y), rows = y.size() / Math.max(1, d);
        if (rstd.size() != rows) throw new IllegalArgumentException(rstd.size() + " scales for " + rows + " rows");
        double[] gs = g.data(), ys = y.data(), rs = rstd.data();
        Parallel.forRange(rows, grain(d), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int o = r * d;
                double sg = 0, sgy = 0;
                for (int j = 0; j < d; j++) {
                    sg += gs[o + j];
                    sgy += gs[o + j] * ys[o + j];
                }
                double mg = sg / d, mgy = sgy / d, rstdRow = rs[r];
                for (int j = 0; j < d; j++) out[o + j] = (gs[o + j] - mg - ys[o + j] * mgy) * rstdRow;
            }
        });
        return out;
    }

    private static double rowMean(double[] x, int o, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) s += x[o + j];
        return s / d;
    }

    private static double reciprocalStd(double[] x, int o, int d, double mean, double eps) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double c = x[o + j] - mean;
            s += c * c;
        }
        return 1.0 / Math.sqrt(s / d + eps);
    }

    private static int lastDim(Tensor x) {
        if (x.shape().rank() == 0) throw new IllegalArgumentException("a row operation needs at least one axis");
        return x.shape().dim(-1);
    }

    private static int grain(int d) {
        return Math.max(1, GRAIN / Math.max(1, d));
    }
}
