package org.flatlens.nn;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * A layer with parameters. It owns only the names and shapes of its parameters; values are passed to
 * {@link #forward} as graph nodes, so the caller decides what to differentiate (weights, inputs, or both).
 */
public interface Layer {
    /** Adds this layer's parameter names and shapes, in PyTorch's registration order. */
    void declare(Map<String, Shape> shapes);

    /** Adds freshly initialised parameter values (PyTorch's default initialisation scheme, our random stream). */
    void init(Map<String, Tensor> values, RandomGenerator rng);

    /**
     * Applies the layer.
     *
     * @param params all of the model's parameters by name (this layer reads its own)
     * @param x      the input; not modified
     * @param sites  a recorder for representation sites, or null
     */
    Var forward(Map<String, Var> params, Var x, SiteRecorder sites);

    /** {@code U(-b, b)} entries, as PyTorch's {@code kaiming_uniform_(a=√5)} and bias initialisation give. */
    static Tensor uniform(RandomGenerator rng, double bound, int... dims) {
        return Tensor.uniform(rng, -bound, bound, dims);
    }

    static Var param(Map<String, Var> params, String name) {
        Var v = params.get(name);
        if (v == null) throw new IllegalArgumentException("missing parameter '" + name + "'");
        return v;
    }
}
