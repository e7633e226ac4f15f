package org.flatlens.autodiff;

import java.util.List;
import org.flatlens.autodiff.UnaryOp.Domain;
import org.flatlens.tensor.ElementwiseOps;
import org.flatlens.tensor.RowOps;
import org.flatlens.tensor.SpecialFunctions;
import org.flatlens.tensor.Tensor;

/**
 * Every {@link UnaryOp}, each defined once: its forward kernel next to its derivative rule. A new function is one entry
 * here, listed in {@link #ALL}; {@code x.apply(UnaryOps.NAME)} applies it, and the tests check every entry of ALL
 * (a test also fails when an entry is not listed).
 *
 * <p>Rules see x, the output y and the output's cotangent g. The fused backwards give the bits of their rule where
 * they say so, and otherwise agree with it to rounding.
 */
public final class UnaryOps {
    private UnaryOps() {}

    /** {@code exp x}; derivative {@code y}. */
    public static final UnaryOp EXP = new UnaryOp("exp", Domain.REALS) {
        @Override public Tensor apply(Tensor x) { return x.exp(); }
        @Override Var rule(Var x, Var y, Var g) { return g.mul(y); }
    };

    /** {@code log x}; derivative {@code 1/x}. */
    public static final UnaryOp LOG = new UnaryOp("log", Domain.POSITIVE) {
        @Override public Tensor apply(Tensor x) { return x.log(); }
        @Override Var rule(Var x, Var y, Var g) { return g.div(x); }
    };

    /** {@code tanh x}; derivative {@code 1 − y²}, as {@code g − g y²}; without a graph one pass with the same bits. */
    public static final UnaryOp TANH = new UnaryOp("tanh", Domain.REALS) {
        @Override public Tensor apply(Tensor x) { return x.tanh(); }
        @Override Var rule(Var x, Var y, Var g) { return g.sub(g.mul(y.square())); }
        @Override Tensor backward(Tensor x, Tensor y, Tensor g, boolean gOwned, Attrs.Memo memo) {
            return ElementwiseOps.tanhBackward(g, y);
        }
        @Override public Var composition(Var x) { return SIGMOID.composition(x.mul(2.0)).mul(2.0).sub(1.0); }
    };

    /** {@code σ(x) = 1 / (1 + e^{−x})}, evaluated without overflow; derivative {@code y − y²}. */
    public static final UnaryOp SIGMOID = new UnaryOp("sigmoid", Domain.REALS) {
        @Override public Tensor apply(Tensor x) { return x.sigmoid(); }
        @Override Var rule(Var x, Var y, Var g) { return g.mul(y.sub(y.square())); }
        @Override public Var composition(Var x) { return x.neg().exp().add(1.0).reciprocal(); }
    };

    /**
     * {@code max(x, 0)}; derivative the step function, constant almost everywhere, so the rule carries no graph through
     * it; without a graph one pass with the bits of {@code g ⊙ step(x)}, written over g when g is owned.
     */
    public static final UnaryOp RELU = new UnaryOp("relu", Domain.NONZERO) {
        @Override public Tensor apply(Tensor x) { return x.relu(); }
        @Override Var rule(Var x, Var y, Var g) { return g.mul(Var.constant(x.value().step())); }
        @Override Tensor backward(Tensor x, Tensor y, Tensor g, boolean gOwned, Attrs.Memo memo) {
            return gOwned ? ElementwiseOps.reluBackwardInPlace(g, x) : ElementwiseOps.reluBackward(g, x);
        }
    };

    /** The error function; derivative {@code 2/√π · exp(−x²)}; without a graph one pass with the same bits. */
    public static final UnaryOp ERF = new UnaryOp("erf", Domain.REALS) {
        @Override public Tensor apply(Tensor x) { return x.erf(); }
        @Override Var rule(Var x, Var y, Var g) {
            return g.mul(x.square().neg().exp().mul(SpecialFunctions.TWO_OVER_SQRT_PI));
        }
        @Override Tensor backward(Tensor x, Tensor y, Tensor g, boolean gOwned, Attrs.Memo memo) {
            return ElementwiseOps.erfBackward(g, x, SpecialFunctions.TWO_OVER_SQRT_PI);
        }
    };

    /**
     * GELU in its exact (erf) form, {@code x Φ(x) = ½ x (1 + erf(x/√2))} (PyTorch's default), in one pass with the bits
     * of that composition; derivative {@code Φ(x) + x φ(x)}, which without a graph is kept with the node (the k
     * backward passes through one graph would each recompute an erf and an exp per element).
     */
    public static final UnaryOp GELU = new UnaryOp("gelu", Domain.REALS) {
        @Override public Tensor apply(Tensor x) { return ElementwiseOps.gelu(x); }
        @Override Var rule(Var x, Var y, Var g) {
            Var cdf = x.mul(SpecialFunctions.INV_SQRT2).erf().add(1.0).mul(0.5);
            return g.mul(cdf.add(x.mul(x.square().mul(-0.5).exp().mul(SpecialFunctions.INV_SQRT_2PI))));
        }
        @Override Tensor backward(Tensor x, Tensor y, Tensor g, boolean gOwned, Attrs.Memo memo) {
            Tensor d = memo.get(() -> ElementwiseOps.geluDerivative(x));
            return gOwned ? ElementwiseOps.mulInPlace(g, d) : g.mul(d);
        }
        @Override public Var composition(Var x) {
            return x.mul(x.mul(SpecialFunctions.INV_SQRT2).erf().add(1.0)).mul(0.5);
        }
    };

    /**
     * Softplus {@code log(1 + eˣ)}, a smooth relu, evaluated without overflow or cancellation as
     * {@code max(x, 0) + log1p(e^{−|x|})} (as PyTorch's with threshold ∞); derivative {@code σ(x)}.
     */
    public static final UnaryOp SOFTPLUS = new UnaryOp("softplus", Domain.REALS) {
        @Override public Tensor apply(Tensor x) {
            return x.map(v -> Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v))));
        }
        @Override Var rule(Var x, Var y, Var g) { return g.mul(x.sigmoid()); }
        @Override public Var composition(Var x) { return x.exp().add(1.0).log(); }
    };

    /**
     * The softmax along the last axis, {@code exp(x − max) / Σ exp(x − max)}; rule {@code y ⊙ (g − Σ g ⊙ y)}, without a
     * graph one pass per row (written over g when g is owned).
     */
    public static final UnaryOp SOFTMAX = new UnaryOp("softmax", Domain.REALS) {
        @Override public Tensor apply(Tensor x) { return RowOps.softmax(x); }
        @Override Var rule(Var x, Var y, Var g) { return y.mul(g.sub(g.mul(y).sum(-1, true))); }
        @Override Tensor backward(Tensor x, Tensor y, Tensor g, boolean gOwned, Attrs.Memo memo) {
            return gOwned ? RowOps.softmaxBackwardInPlace(g, y) : RowOps.softmaxBackward(g, y);
        }
        @Override public Var composition(Var x) { return Functions.logSoftmax(x, -1).exp(); }
    };

    /**
     * Layer normalisation along the last axis without affine parameters, {@code (x − mean) / sqrt(var + eps)} with the
     * biased variance (as PyTorch).
     */
    public static UnaryOp layerNorm(double eps) {
        return new LayerNorm(eps);
    }

    /**
     * Rule {@code (g − mean(g) − y ⊙ mean(g ⊙ y)) · rstd} along the last axis with {@code rstd = (var(x) + eps)^−½},
     * recomputed from x as a composition so that it can be differentiated again; without a graph, one pass per row with
     * rstd kept with the node.
     */
    private static final class LayerNorm extends UnaryOp {
        private final double eps;

        LayerNorm(double eps) {
            super("layer_norm(eps=" + eps + ")", Domain.REALS);
            this.eps = eps;
        }

        @Override public Tensor apply(Tensor x) { return RowOps.layerNorm(x, eps); }

        @Override Var rule(Var x, Var y, Var g) {
            Var rstd = x.sub(x.mean(-1, true)).square().mean(-1, true).add(eps).pow(-0.5);
            return g.sub(g.mean(-1, true)).sub(y.mul(g.mul(y).mean(-1, true))).mul(rstd);
        }

        @Override Tensor backward(Tensor x, Tensor y, Tensor g, boolean gOwned, Attrs.Memo memo) {
            Tensor rstd = memo.get(() -> RowOps.reciprocalStd(x, eps));
            return gOwned ? RowOps.layerNormBackwardInPlace(g, y, rstd) : RowOps.layerNormBackward(g, y, rstd);
        }

        @Override public Var composition(Var x) {
            Var centered = x.sub(x.mean(-1, true));
            return centered.mul(centered.square().mean(-1, true).add(eps).pow(-0.5));
        }
    }

    /** Every function, as the tests iterate over them (a family such as layer norm by one representative). */
    public static final List<UnaryOp> ALL = List.of(EXP, LOG, TANH, SIGMOID, RELU, ERF, GELU, SOFTPLUS, SOFTMAX,
            layerNorm(1e-5));
}
