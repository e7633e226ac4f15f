package org.flatlens.data;

import java.util.Locale;
import org.flatlens.tensor.UserInputException;

/** The train or test split of a dataset. */
public enum Split {
    TRAIN, TEST;

    /** {@code train} or {@code test}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code train} / {@code test} (case-insensitive). */
    public static Split parse(String s) {
        for (Split v : values()) if (v.id().equalsIgnoreCase(s.trim())) return v;
        throw new UserInputException("unknown split '" + s + "' (expected train or test)");
    }
}
