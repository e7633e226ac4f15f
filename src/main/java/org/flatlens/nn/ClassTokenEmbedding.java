package org.flatlens.nn;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * The token prefix of timm's VisionTransformer: prepends a learned class token to the patch tokens and adds learned
 * position embeddings, {@code [N, T, D] → concat(cls_token, x) + pos_embed : [N, T+1, D]}. Parameters
 * {@code cls_token [1, 1, D]} and {@code pos_embed [1, T+1, D]} (top-level names, as in timm), both initialised
 * trunc-normal with std 0.02.
 */
final class ClassTokenEmbedding implements Layer {
    private final int numPatches, dim;

    ClassTokenEmbedding(int numPatches, int dim) {
        this.numPatches = numPatches;
        this.dim = dim;
    }

    @Override
    public void declare(Map<String, Shape> shapes) {
        shapes.put("cls_token", Shape.of(1, 1, dim));
        shapes.put("pos_embed", Shape.of(1, numPatches + 1, dim));
    }

    @Override
    public void init(Map<String, Tensor> values, RandomGenerator rng) {
        values.put("cls_token", Initializers.truncNormal(rng, Initializers.VIT_STD, Shape.of(1, 1, dim)));
        values.put("pos_embed", Initializers.truncNormal(rng, Initializers.VIT_STD, Shape.of(1, numPatches + 1, dim)));
    }

    /**
     * @param x patch tokens {@code [N, T, D]}; records no {@link Site} (no linear layer here), but with a recorder
     *          records {@code cls_token} and {@code pos_embed} as {@link ParamSite}s
     */
    @Override
    public Var forward(Map<String, Var> params, Var x, SiteRecorder sites) {
        Shape s = x.shape();
        if (s.rank() != 3 || s.dim(1) != numPatches || s.dim(2) != dim) {
            throw new IllegalArgumentException("class token: input " + s + ", expected [N, " + numPatches + ", " + dim
                    + "]");
        }
        Shape clsShape = Shape.of(s.dim(0), 1, dim);
        Var cls = Layer.param(params, "cls_token");
        cls = sites == null ? cls.expand(clsShape) : sites.perRow("cls_token", cls, clsShape);
        Var tokens = Var.concat(1, cls, x);
        Var pos = Layer.param(params, "pos_embed");
        if (sites != null) pos = sites.perRow("pos_embed", pos, tokens.shape());
        return tokens.add(pos);
    }
}
