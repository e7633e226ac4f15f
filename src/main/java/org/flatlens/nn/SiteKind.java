package org.flatlens.nn;

/** How a linear layer applies its weight: to a vector, as a convolution, or to each token of a sequence. */
public enum SiteKind {
    DENSE, CONV, TOKEN;

    /** The lower-case name used in JSON ({@code dense}, {@code conv}, {@code token}). */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
