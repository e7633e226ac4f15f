package org.flatlens.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/** Initialisation schemes other than PyTorch's layer defaults (those live in each layer's {@code init}). */
final class Initializers {
    /** timm's {@code trunc_normal_} standard deviation for ViT weights and embeddings. */
    static final double VIT_STD = 0.02;

    private Initializers() {}

    /**
     * Independent {@code N(0, std²)} entries redrawn until they fall in {@code [−2, 2]}: the absolute bounds of timm's
     * {@code trunc_normal_} defaults, which for std 0.02 almost never bind.
     */
    static Tensor truncNormal(RandomGenerator rng, double std, Shape shape) {
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) {
            double v;
            do {
                v = std * rng.nextGaussian();
            } while (v < -2.0 || v > 2.0);
            d[i] = v;
        }
        return new Tensor(shape, d);
    }

    /** timm's ViT scheme for a Linear layer: weight trunc-normal with std 0.02, bias zero. */
    static void vitLinear(Map<String, Tensor> values, Dense dense, RandomGenerator rng) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        dense.declare(shapes);
        shapes.forEach((name, shape) -> values.put(name,
                name.endsWith(".bias") ? Tensor.zeros(shape) : truncNormal(rng, VIT_STD, shape)));
    }
}
