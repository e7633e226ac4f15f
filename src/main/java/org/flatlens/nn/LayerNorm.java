package org.flatlens.nn;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.flatlens.autodiff.Functions;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * Layer normalisation over the last axis, as {@code torch.nn.LayerNorm(dim, eps, elementwise_affine)}: weight and bias
 * {@code [dim]} when affine (initialised to ones and zeros), none otherwise. With a recorder, the affine parameters are
 * recorded as {@link ParamSite}s (per-sample gradients).
 */
public final class LayerNorm implements Layer {
    private final String name;
    private final int dim;
    private final double eps;
    private final boolean affine;

    public LayerNorm(String name, int dim, double eps, boolean affine) {
        this.name = name;
        this.dim = dim;
        this.eps = eps;
        this.affine = affine;
    }

    @Override
    public void declare(Map<String, Shape> shapes) {
        if (!affine) return;
        shapes.put(name + ".weight", Shape.of(dim));
        shapes.put(name + ".bias", Shape.of(dim));
    }

    @Override
    public void init(Map<String, Tensor> values, RandomGenerator rng) {
        if (!affine) return;
        values.put(name + ".weight", Tensor.full(Shape.of(dim), 1.0));
        values.put(name + ".bias", Tensor.zeros(dim));
    }

    @Override
    public Var forward(Map<String, Var> params, Var x, SiteRecorder sites) {
        Var y = Functions.layerNorm(x, eps);
        if (!affine) return y;
        Var w = Layer.param(params, name + ".weight"), b = Layer.param(params, name + ".bias");
        if (sites != null) {
            w = sites.perRow(name + ".weight", w, y.shape());
            b = sites.perRow(name + ".bias", b, y.shape());
        }
        return y.mul(w).add(b);
    }
}
