package org.flatlens.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;
import org.flatlens.tensor.UserInputException;

/**
 * A network {@code f(x; θ)}: inputs {@code [N, C, H, W]} to outputs (logits) {@code [N, k]}, with parameters named as
 * the equivalent PyTorch module's state dict. Stateless: parameter values are passed in.
 */
public abstract class Model {
    private final ModelSpec spec;
    private final List<Layer> layers;

    protected Model(ModelSpec spec, List<Layer> layers) {
        this.spec = spec;
        this.layers = List.copyOf(layers);
    }

    public ModelSpec spec() {
        return spec;
    }

    /** Parameter names and shapes in state-dict order. */
    public Map<String, Shape> parameterShapes() {
        Map<String, Shape> m = new LinkedHashMap<>();
        for (Layer l : layers) l.declare(m);
        return m;
    }

    /** Fresh parameters by PyTorch's default initialisation scheme, drawn from {@code rng}. */
    public Parameters init(RandomGenerator rng) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Layer l : layers) l.init(m, rng);
        return new Parameters(m);
    }

    /**
     * Weights that come with the model's definition (an imported graph's initializers), from which training starts
     * instead of {@link #init}; empty for the built-in architectures.
     */
    public Optional<Parameters> bundledWeights() {
        return Optional.empty();
    }

    /** The structural features that change how the bounds apply (see the README's "Imported models" section). */
    public Set<Structure> structure() {
        return Set.of();
    }

    /**
     * The outputs {@code [N, k]}.
     *
     * @param params every parameter by name, as graph nodes
     * @param x      inputs {@code [N, C, H, W]} (dense models flatten them)
     * @param sites  a recorder for the representation sites, or null
     */
    public abstract Var forward(Map<String, Var> params, Var x, SiteRecorder sites);

    /** The outputs for plain values, without any graph. */
    public Tensor predict(Parameters params, Tensor x) {
        return forward(params.vars(false), Var.constant(x), null).value();
    }

    /** Fails with a clear message unless {@code x} is {@code [N, C, H, W]} with this model's {@code [C, H, W]}. */
    protected void checkInput(Var x) {
        int[] d = x.shape().dims();
        int[] want = spec.inputShape();
        if (d.length != 4 || d[1] != want[0] || d[2] != want[1] || d[3] != want[2]) {
            throw new IllegalArgumentException(spec.arch() + ": input " + x.shape() + ", expected [N, " + want[0] + ", "
                    + want[1] + ", " + want[2] + "]");
        }
    }

    /** Fails with a clear message unless {@code params} has exactly this model's names and shapes. */
    public void checkCompatible(Parameters params) {
        Map<String, Shape> want = parameterShapes();
        for (Map.Entry<String, Shape> e : want.entrySet()) {
            Tensor t = params.asMap().get(e.getKey());
            if (t == null) throw new UserInputException("missing tensor '" + e.getKey() + "'");
            if (!t.shape().equals(e.getValue())) {
                throw new UserInputException("tensor '" + e.getKey() + "' has shape " + t.shape()
                        + ", the model expects " + e.getValue());
            }
        }
        for (String name : params.names()) {
            if (!want.containsKey(name)) throw new UserInputException("unexpected tensor '" + name + "'");
        }
    }
}
