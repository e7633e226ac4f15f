package org.flatlens.nn;

import org.flatlens.tensor.UserInputException;

/**
 * Builds a {@link Model} from its {@link ModelSpec}: {@link Mlp}, {@link LeNet}, {@link Vgg}, {@link Vit}, or (arch
 * {@code onnx}, option {@code file}) a {@link org.flatlens.nn.onnx.GraphModel} imported from an ONNX file.
 */
public final class Models {
    private Models() {}

    public static Model build(ModelSpec spec) {
        try {
            Model m = of(spec);
            m.parameterShapes(); // the shapes are where impossible sizes show
            return m;
        } catch (UserInputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // The spec is all a builder gets, so a shape it cannot make (too large, negative) comes from the options.
            throw new UserInputException(spec.arch() + ": the options " + spec.options() + " give an impossible model ("
                    + e.getMessage() + ")");
        }
    }

    private static Model of(ModelSpec spec) {
        return switch (spec.arch()) {
            case "mlp" -> Mlp.of(spec);
            case "lenet" -> LeNet.of(spec);
            case "vgg" -> Vgg.of(spec);
            case "vit" -> Vit.of(spec);
            case "onnx" -> onnx(spec);
            default -> throw new UserInputException("unknown architecture '" + spec.arch()
                    + "' (known: mlp, lenet, vgg, vit, onnx)");
        };
    }

    /** The graph in option {@code file}, which must fit the spec's input shape and outputs. */
    private static Model onnx(ModelSpec spec) {
        Options o = new Options("onnx", spec.options());
        String file = o.string("file", null);
        o.rejectUnknown();
        if (file == null) throw new UserInputException("onnx: option 'file' (the .onnx graph) is required");
        Model m = org.flatlens.nn.onnx.GraphModel.read(java.nio.file.Path.of(file), spec.inputShape());
        if (!java.util.Arrays.equals(m.spec().inputShape(), spec.inputShape())
                || m.spec().numOutputs() != spec.numOutputs()) {
            throw new UserInputException(file + ": input " + java.util.Arrays.toString(m.spec().inputShape())
                    + " and " + m.spec().numOutputs() + " outputs do not fit the expected input "
                    + java.util.Arrays.toString(spec.inputShape()) + " and " + spec.numOutputs() + " outputs");
        }
        return m;
    }
}
