package org.flatlens.nn;

import org.flatlens.tensor.UserInputException;

/** Builds a {@link Model} from its {@link ModelSpec}: {@link Mlp}, {@link LeNet}, {@link Vgg} or {@link Vit}. */
public final class Models {
    private Models() {}

    public static Model build(ModelSpec spec) {
        return switch (spec.arch()) {
            case "mlp" -> Mlp.of(spec);
            case "lenet" -> LeNet.of(spec);
            case "vgg" -> Vgg.of(spec);
            case "vit" -> Vit.of(spec);
            default -> throw new UserInputException("unknown architecture '" + spec.arch()
                    + "' (known: mlp, lenet, vgg, vit)");
        };
    }
}
