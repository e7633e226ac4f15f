package org.flatlens.experiments.measures;

import java.util.Locale;

/** What a measure describes: THEORY.md §2 sharpness, §3–§4 compression and network forms, §5 bounds. */
public enum MeasureKind {
    /** The loss on the measured samples. */
    LOSS,
    /** Curvature of the loss in parameter space (THEORY.md §2). */
    SHARPNESS,
    /** Compression of the representation at one site (THEORY.md §3–§4). */
    COMPRESSION,
    /** Network-wide compression forms over all sites (THEORY.md §4). */
    NETWORK,
    /** The value of a bound's right-hand side (THEORY.md §5). */
    BOUND;

    /** The lower-case name written in JSON and the schema. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
