package org.flatlens.nn;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * A dense layer {@code z = x Wᵀ + b}, as {@code torch.nn.Linear}: weight {@code [out, in]}, bias {@code [out]}.
 * Input {@code [N, in]}, or {@code [N, T, in]} for a layer applied to every token (a {@link SiteKind#TOKEN} site).
 */
public final class Dense implements Layer {
    private final String name, weight, biasName;
    private final int in, out;
    private final boolean bias;

    public Dense(String name, int in, int out, boolean bias) {
        this(name, name + ".weight", bias ? name + ".bias" : null, in, out);
    }

    /**
     * A dense layer whose parameters have the given names (an imported graph's initializers).
     *
     * @param bias the bias's name, or null for none
     */
    public Dense(String name, String weight, String bias, int in, int out) {
        this.name = name;
        this.weight = weight;
        this.biasName = bias;
        this.in = in;
        this.out = out;
        this.bias = bias != null;
    }

    public Dense(String name, int in, int out) {
        this(name, in, out, true);
    }

    public String name() {
        return name;
    }

    @Override
    public void declare(Map<String, Shape> shapes) {
        shapes.put(weight, Shape.of(out, in));
        if (bias) shapes.put(biasName, Shape.of(out));
    }

    @Override
    public void init(Map<String, Tensor> values, RandomGenerator rng) {
        double bound = 1.0 / Math.sqrt(in);
        values.put(weight, Layer.uniform(rng, bound, out, in));
        if (bias) values.put(biasName, Layer.uniform(rng, bound, out));
    }

    @Override
    public Var forward(Map<String, Var> params, Var x, SiteRecorder sites) {
        if (x.shape().dim(-1) != in) {
            throw new IllegalArgumentException(name + ": input " + x.shape() + " does not end in " + in);
        }
        Var h = sites == null ? x : x.tap();
        boolean tokens = h.shape().rank() == 3;
        // Tokens are folded into the batch so the product is one GEMM.
        Var flat = tokens ? h.reshape(-1, in) : h;
        Var z = flat.matmul(Layer.param(params, weight), false, true);
        if (bias) z = z.add(Layer.param(params, biasName));
        if (tokens) z = z.reshape(h.shape().dim(0), h.shape().dim(1), out);
        if (sites != null) {
            sites.add(new Site(name, name, tokens ? SiteKind.TOKEN : SiteKind.DENSE, h, z, weight, null));
        }
        return z;
    }
}
