package org.flatlens.analysis.bounds;

/** What a {@link BoundCheck} is: a proven inequality, the paper's unproven convention, or a bound with no content. */
public enum BoundKind {
    /** Proven in THEORY.md §5: failing beyond the slack is a bug (the CLI exits non-zero). */
    THEOREM,
    /** The paper's convention for convolutions (THEORY.md §5): reported with how often it held, never required. */
    HEURISTIC,
    /** A theorem whose right side is infinite here (ρ(P) = 0: more positions than fan-in). */
    VACUOUS;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The kind whose {@link #key()} is {@code key}. */
    public static BoundKind ofKey(String key) {
        for (BoundKind k : values()) if (k.key().equals(key)) return k;
        throw new IllegalArgumentException("unknown bound kind '" + key + "' (theorem, heuristic or vacuous)");
    }
}
