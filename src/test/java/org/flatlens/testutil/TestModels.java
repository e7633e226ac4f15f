package org.flatlens.testutil;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.Models;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Tensor;

/** Small models of every architecture, for property tests of the analysis packages. */
public final class TestModels {
    private TestModels() {}

    /** A named model with its parameters. */
    public record Case(String label, Model model, Parameters params) {
        /** {@code n} inputs {@code [n, C, H, W]} drawn from {@code U(0, 1)} (pixel-like). */
        public Tensor inputs(int n, long seed) {
            int[] s = model.spec().inputShape();
            return Tensor.uniform(new SplittableRandom(seed), 0, 1, n, s[0], s[1], s[2]);
        }

        public int outputs() {
            return model.spec().numOutputs();
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public static Case mlp(String activation, long seed) {
        return build("mlp-" + activation, new ModelSpec("mlp", Map.of("widths", List.of(7, 6),
                "activation", activation), new int[] {1, 3, 3}, 4), seed);
    }

    /** LeNet on 12×12: conv1 has 144 positions for fan-in 25, conv2 has 4 positions for fan-in 150. */
    public static Case lenet(long seed) {
        return build("lenet", new ModelSpec("lenet", Map.of(), new int[] {1, 12, 12}, 3), seed);
    }

    /** The VGG of the paper's code at a quarter width on 8×8 inputs. */
    public static Case vgg(long seed) {
        return build("vgg", new ModelSpec("vgg", Map.of("width", 0.25), new int[] {1, 8, 8}, 3), seed);
    }

    /** A one-block ViT: 4 patches of 4×4 (T = 5 tokens), dim 8, 2 heads. */
    public static Case vit(long seed) {
        return build("vit", new ModelSpec("vit", Map.of("patch", 4, "dim", 8, "depth", 1, "heads", 2,
                "mlp_ratio", 2.0), new int[] {1, 8, 8}, 3), seed);
    }

    /** The ViT with its LayerNorm affine parameters and embeddings moved away from their initial values. */
    public static Case vitPerturbed(long seed) {
        Case c = vit(seed);
        SplittableRandom rng = new SplittableRandom(seed + 99);
        java.util.LinkedHashMap<String, Tensor> m = new java.util.LinkedHashMap<>(c.params().asMap());
        m.replaceAll((name, t) -> t.add(Tensor.randn(rng, t.shape().dims()).mul(0.3)));
        return new Case("vit", c.model(), new Parameters(m));
    }

    public static List<Case> all(long seed) {
        return List.of(mlp("tanh", seed), mlp("relu", seed), lenet(seed), vgg(seed), vitPerturbed(seed));
    }

    private static Case build(String label, ModelSpec spec, long seed) {
        Model m = Models.build(spec);
        return new Case(label, m, m.init(new SplittableRandom(seed)));
    }
}
