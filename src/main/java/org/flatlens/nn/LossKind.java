package org.flatlens.nn;

import org.flatlens.tensor.UserInputException;

/** The two losses FlatLens supports (THEORY.md §1). */
public enum LossKind {
    MSE, CE;

    /** Parses {@code mse} or {@code ce} (also {@code cross-entropy}), failing clearly otherwise. */
    public static LossKind parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "mse" -> MSE;
            case "ce", "cross-entropy", "crossentropy" -> CE;
            default -> throw new UserInputException("unknown loss '" + s + "' (expected mse or ce)");
        };
    }

    public String key() {
        return this == MSE ? "mse" : "ce";
    }
}
