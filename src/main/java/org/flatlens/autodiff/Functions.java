package org.flatlens.autodiff;

/**
 * Differentiable functions built from the primitives (or, for GELU, softmax and layer normalisation, primitives of their
 * own). Each is as differentiable (to any order) as the primitives it uses.
 */
public final class Functions {
    private Functions() {}

    /** GELU in its exact (erf) form: {@code x · Φ(x) = ½ x (1 + erf(x/√2))}, as PyTorch's default. */
    public static Var gelu(Var x) {
        return x.gelu();
    }

    /**
     * {@code log softmax} along {@code axis}, stable: {@code x − m − log Σ exp(x − m)} with m the maximum, held
     * constant (the result does not depend on m, so neither does its derivative).
     */
    public static Var logSoftmax(Var x, int axis) {
        Var m = Var.constant(x.value().max(axis, true));
        Var shifted = x.sub(m);
        return shifted.sub(shifted.exp().sum(axis, true).log());
    }

    /** The softmax along {@code axis}; along the last axis it is the primitive {@link Var#softmax()}. */
    public static Var softmax(Var x, int axis) {
        int a = axis < 0 ? axis + x.shape().rank() : axis;
        if (a == x.shape().rank() - 1) return x.softmax();
        return logSoftmax(x, axis).exp();
    }

    /**
     * Layer normalisation over the last axis without affine parameters:
     * {@code (x − mean) / sqrt(var + eps)}, var the biased variance (as PyTorch); the primitive {@link Var#layerNorm}.
     */
    public static Var layerNorm(Var x, double eps) {
        return x.layerNorm(eps);
    }
}
