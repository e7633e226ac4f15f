package org.flatlens.nn;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.flatlens.autodiff.Functions;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * A pre-norm transformer block as timm's {@code Block} (no layer scale, no dropout), on tokens {@code [N, T, D]}:
 * <pre>
 * x = x + attn(norm1(x))
 * x = x + mlp.fc2(gelu(mlp.fc1(norm2(x))))
 * </pre>
 * LayerNorms with affine parameters and eps 1e-6, GELU in its erf form. Parameters, in timm's order:
 * {@code <name>.norm1, .attn.qkv, .attn.proj, .norm2, .mlp.fc1 [hidden, D], .mlp.fc2 [D, hidden]} (weight and bias
 * each). Sites: attn.qkv, attn.proj, mlp.fc1, mlp.fc2 (token sites), in that order.
 */
public final class TransformerBlock implements Layer {
    /** timm's {@code partial(nn.LayerNorm, eps=1e-6)}. */
    static final double NORM_EPS = 1e-6;

    private final String name;
    private final int dim;
    private final LayerNorm norm1, norm2;
    private final Attention attn;
    private final Dense fc1, fc2;

    /** @throws IllegalArgumentException unless {@code heads} divides {@code dim} */
    public TransformerBlock(String name, int dim, int heads, int hidden) {
        this.name = name;
        this.dim = dim;
        this.norm1 = new LayerNorm(name + ".norm1", dim, NORM_EPS, true);
        this.attn = new Attention(name + ".attn", dim, heads);
        this.norm2 = new LayerNorm(name + ".norm2", dim, NORM_EPS, true);
        this.fc1 = new Dense(name + ".mlp.fc1", dim, hidden);
        this.fc2 = new Dense(name + ".mlp.fc2", hidden, dim);
    }

    @Override
    public void declare(Map<String, Shape> shapes) {
        norm1.declare(shapes);
        attn.declare(shapes);
        norm2.declare(shapes);
        fc1.declare(shapes);
        fc2.declare(shapes);
    }

    @Override
    public void init(Map<String, Tensor> values, RandomGenerator rng) {
        norm1.init(values, rng);
        attn.init(values, rng);
        norm2.init(values, rng);
        Initializers.vitLinear(values, fc1, rng);
        Initializers.vitLinear(values, fc2, rng);
    }

    /** @param x tokens {@code [N, T, D]}, not modified; returns {@code [N, T, D]} */
    @Override
    public Var forward(Map<String, Var> params, Var x, SiteRecorder sites) {
        if (x.shape().rank() != 3 || x.shape().dim(2) != dim) {
            throw new IllegalArgumentException(name + ": input " + x.shape() + ", expected [N, T, " + dim + "]");
        }
        Var h = x.add(attn.forward(params, norm1.forward(params, x, sites), sites));
        Var hidden = Functions.gelu(fc1.forward(params, norm2.forward(params, h, sites), sites));
        return h.add(fc2.forward(params, hidden, sites));
    }
}
