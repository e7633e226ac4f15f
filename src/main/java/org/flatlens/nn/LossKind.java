package org.flatlens.nn;

import java.util.List;
import java.util.Locale;
import org.flatlens.tensor.UserInputException;

/**
 * The two losses FlatLens supports (THEORY.md §1). Every place that reads a loss name (the command line, sweep.yaml,
 * a run's config.json) goes through {@link #parse}, so the same names are accepted everywhere: {@link #NAMES}.
 */
public enum LossKind {
    MSE, CE;

    /** The accepted names, case-insensitive, '-' and '_' alike; the first of each is the canonical {@link #key()}. */
    public static final String NAMES = "mse (also squared-error), ce (also cross-entropy, crossentropy)";

    private static final List<String> MSE_NAMES = List.of("mse", "squared-error", "squarederror");
    private static final List<String> CE_NAMES = List.of("ce", "cross-entropy", "crossentropy");

    /** Parses one of {@link #NAMES}, failing with a message that lists them otherwise. */
    public static LossKind parse(String s) {
        String n = s.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        if (MSE_NAMES.contains(n)) return MSE;
        if (CE_NAMES.contains(n)) return CE;
        throw new UserInputException("unknown loss '" + s + "' (expected " + NAMES + ")");
    }

    public String key() {
        return this == MSE ? "mse" : "ce";
    }
}
