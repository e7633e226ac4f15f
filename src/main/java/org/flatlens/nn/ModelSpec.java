package org.flatlens.nn;

import java.util.Map;
import org.flatlens.tensor.UserInputException;

/**
 * What {@code model.json} holds: the architecture, its options, the input shape {@code [C, H, W]} and the number of
 * outputs k.
 *
 * @param arch       {@code mlp}, {@code lenet}, {@code vgg}, {@code vit}, or {@code onnx} (an imported graph, option {@code file})
 * @param options    architecture options (see each model's Javadoc); absent options take their defaults
 * @param inputShape {@code [C, H, W]}
 * @param numOutputs k
 */
public record ModelSpec(String arch, Map<String, Object> options, int[] inputShape, int numOutputs) {
    public ModelSpec {
        options = Map.copyOf(options);
        inputShape = inputShape.clone();
        if (inputShape.length != 3) throw new UserInputException("input_shape must be [C, H, W]");
        if (numOutputs < 1) throw new UserInputException("num_outputs must be at least 1");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec m && arch.equals(m.arch) && options.equals(m.options)
                && java.util.Arrays.equals(inputShape, m.inputShape) && numOutputs == m.numOutputs;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(arch, options, java.util.Arrays.hashCode(inputShape), numOutputs);
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    public int inputSize() {
        return inputShape[0] * inputShape[1] * inputShape[2];
    }
}
