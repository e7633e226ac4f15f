package org.flatlens.nn;

/** Builds a {@link Model} from its {@link ModelSpec}. */
public final class Models {
    private Models() {}

    public static Model build(ModelSpec spec) {
        return switch (spec.arch()) {
            case "mlp" -> Mlp.of(spec);
            default -> throw new IllegalArgumentException("unknown architecture '" + spec.arch()
                    + "' (known: mlp, lenet, vgg, vit)");
        };
    }
}
