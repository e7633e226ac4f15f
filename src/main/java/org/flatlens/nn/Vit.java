package org.flatlens.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Tensor;
import org.flatlens.tensor.UserInputException;

/**
 * A small Vision Transformer with timm's {@code VisionTransformer} parameter names and math (class-token pooling,
 * pre-norm blocks, no dropout), on x {@code [N, C, H, W]}:
 * <pre>
 * tokens = patch_embed.proj(x)  (Conv2d(C, D, kernel = stride = patch)) → [N, D, h, w] → [N, T, D], T = h·w
 * tokens = concat(cls_token, tokens) + pos_embed                         [N, T+1, D]
 * tokens = blocks.0 ... blocks.(depth−1)     (see {@link TransformerBlock})
 * logits = head(norm(tokens)[:, 0])                                      [N, k]
 * </pre>
 * State-dict order: {@code cls_token, pos_embed, patch_embed.proj.weight, patch_embed.proj.bias, blocks.*, norm.weight,
 * norm.bias, head.weight, head.bias}. Initialisation as timm's (trunc-normal std 0.02 for the embeddings and Linear
 * weights, zero Linear biases, PyTorch's default for the patch convolution). Sites, in forward order:
 * {@code patch_embed.proj} (conv), per block {@code attn.qkv, attn.proj, mlp.fc1, mlp.fc2} (token), {@code head}
 * (dense).
 *
 * <p>Options: {@code patch} (7), {@code dim} (64), {@code depth} (4), {@code heads} (4), {@code mlp_ratio} (2.0; hidden
 * width {@code ⌊dim · mlp_ratio⌋}, as timm). The patch must divide H and W; heads must divide dim.
 */
public final class Vit extends Model {
    private final int dim;
    private final Conv2d patchEmbed;
    private final ClassTokenEmbedding tokens;
    private final List<TransformerBlock> blocks;
    private final LayerNorm norm;
    private final Dense head;

    private Vit(ModelSpec spec, int dim, Conv2d patchEmbed, ClassTokenEmbedding tokens, List<TransformerBlock> blocks,
            LayerNorm norm, Dense head) {
        super(spec, layers(patchEmbed, tokens, blocks, norm, head));
        this.dim = dim;
        this.patchEmbed = patchEmbed;
        this.tokens = tokens;
        this.blocks = List.copyOf(blocks);
        this.norm = norm;
        this.head = head;
    }

    /** In state-dict order: timm registers cls_token and pos_embed on the model itself, so they come first. */
    private static List<Layer> layers(Conv2d patchEmbed, ClassTokenEmbedding tokens, List<TransformerBlock> blocks,
            LayerNorm norm, Dense head) {
        List<Layer> l = new ArrayList<>();
        l.add(tokens);
        l.add(patchEmbed);
        l.addAll(blocks);
        l.add(norm);
        l.add(head);
        return l;
    }

    /** @throws UserInputException on an unknown or invalid option, or a patch that does not divide the input */
    public static Vit of(ModelSpec spec) {
        Options o = new Options("vit", spec.options());
        int patch = o.integer("patch", 7), dim = o.integer("dim", 64), depth = o.integer("depth", 4);
        int heads = o.integer("heads", 4);
        double mlpRatio = o.number("mlp_ratio", 2.0);
        o.rejectUnknown();
        int[] in = spec.inputShape();
        int hidden = (int) (dim * mlpRatio);
        if (patch < 1 || dim < 1 || depth < 0 || heads < 1 || hidden < 1) {
            throw new UserInputException("vit: patch, dim, heads and dim·mlp_ratio must be positive, depth "
                    + "non-negative; got patch " + patch + ", dim " + dim + ", depth " + depth + ", heads " + heads
                    + ", mlp_ratio " + mlpRatio);
        }
        if (dim % heads != 0) throw new UserInputException("vit: heads " + heads + " do not divide dim " + dim);
        if (in[1] % patch != 0 || in[2] % patch != 0) {
            throw new UserInputException("vit: patch " + patch + " does not divide the input size " + in[1] + "x"
                    + in[2]);
        }
        int numPatches = (in[1] / patch) * (in[2] / patch);
        List<TransformerBlock> blocks = new ArrayList<>();
        for (int i = 0; i < depth; i++) blocks.add(new TransformerBlock("blocks." + i, dim, heads, hidden));
        return new Vit(spec, dim, new Conv2d("patch_embed.proj", in[0], dim, patch, patch, 0, true),
                new ClassTokenEmbedding(numPatches, dim), blocks,
                new LayerNorm("norm", dim, TransformerBlock.NORM_EPS, true), new Dense("head", dim, spec.numOutputs()));
    }

    /** timm's initialisation (see the class comment), in state-dict order. */
    @Override
    public Parameters init(RandomGenerator rng) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        tokens.init(m, rng);
        patchEmbed.init(m, rng);
        for (TransformerBlock b : blocks) b.init(m, rng);
        norm.init(m, rng);
        Initializers.vitLinear(m, head, rng);
        return new Parameters(m);
    }

    /** The blocks add their attention and MLP outputs to their input. */
    @Override
    public java.util.Set<Structure> structure() {
        return java.util.Set.of(Structure.SKIP_CONNECTIONS);
    }

    @Override
    public Var forward(Map<String, Var> params, Var x, SiteRecorder sites) {
        checkInput(x);
        int n = x.shape().dim(0);
        Var t = patchEmbed.forward(params, x, sites).reshape(n, dim, -1).transpose(1, 2);
        t = tokens.forward(params, t, sites);
        for (TransformerBlock b : blocks) t = b.forward(params, t, sites);
        Var cls = norm.forward(params, t, sites).slice(1, 0, 1).reshape(n, dim);
        return head.forward(params, cls, sites);
    }
}
