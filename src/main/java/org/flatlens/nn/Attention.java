package org.flatlens.nn;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.flatlens.autodiff.Functions;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;
import org.flatlens.tensor.UserInputException;

/**
 * Multi-head self-attention exactly as timm's {@code Attention} (no q/k norm, no dropout), on x {@code [N, T, D]} with
 * H heads of size {@code d = D/H}:
 * <pre>
 * qkv  = x W_qkvᵀ + b_qkv                          [N, T, 3D]
 *      → reshape [N, T, 3, H, d] → permute [3, N, H, T, d] → q, k, v  [N, H, T, d]
 * a    = softmax_keys(q kᵀ · d^−½)                 [N, H, T, T]
 * out  = (a v) → transpose [N, T, H, d] → reshape [N, T, D] → W_projᵀ · + b_proj
 * </pre>
 * Parameters {@code <name>.qkv.weight [3D, D]}, {@code .qkv.bias [3D]}, {@code .proj.weight [D, D]},
 * {@code .proj.bias [D]}; timm's initialisation (trunc-normal std 0.02 weights, zero biases). The two Linear layers
 * record token sites.
 */
public final class Attention implements Layer {
    private final int dim, heads;
    private final Dense qkv, proj;

    /** @throws IllegalArgumentException unless {@code heads} divides {@code dim} */
    public Attention(String name, int dim, int heads) {
        if (heads < 1 || dim % heads != 0) {
            throw new UserInputException(name + ": " + heads + " heads do not divide dimension " + dim);
        }
        this.dim = dim;
        this.heads = heads;
        this.qkv = new Dense(name + ".qkv", dim, 3 * dim);
        this.proj = new Dense(name + ".proj", dim, dim);
    }

    @Override
    public void declare(Map<String, Shape> shapes) {
        qkv.declare(shapes);
        proj.declare(shapes);
    }

    @Override
    public void init(Map<String, Tensor> values, RandomGenerator rng) {
        Initializers.vitLinear(values, qkv, rng);
        Initializers.vitLinear(values, proj, rng);
    }

    /** @param x tokens {@code [N, T, D]}, not modified; returns {@code [N, T, D]} */
    @Override
    public Var forward(Map<String, Var> params, Var x, SiteRecorder sites) {
        Shape s = x.shape();
        if (s.rank() != 3 || s.dim(2) != dim) {
            throw new IllegalArgumentException(qkv.name() + ": input " + s + ", expected [N, T, " + dim + "]");
        }
        int n = s.dim(0), t = s.dim(1), d = dim / heads;
        Var packed = qkv.forward(params, x, sites).reshape(n, t, 3, heads, d).permute(2, 0, 3, 1, 4);
        Var q = packed.slice(0, 0, 1).reshape(n, heads, t, d);
        Var k = packed.slice(0, 1, 2).reshape(n, heads, t, d);
        Var v = packed.slice(0, 2, 3).reshape(n, heads, t, d);
        Var weights = Functions.softmax(q.matmul(k, false, true).mul(1.0 / Math.sqrt(d)), -1);
        Var mixed = weights.matmul(v).transpose(1, 2).reshape(n, t, dim);
        return proj.forward(params, mixed, sites);
    }
}
