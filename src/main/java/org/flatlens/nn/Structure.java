package org.flatlens.nn;

/**
 * Structural features of a network that change how the bounds between sharpness and compression apply (the README's
 * "Imported models" section says which bound holds per site and which becomes heuristic).
 */
public enum Structure {
    /** BatchNorm in inference mode: a fixed affine map per channel between a layer's output and the next site. */
    BATCH_NORM,
    /** Residual additions: a site's output reaches the loss also past the layers that follow it. */
    SKIP_CONNECTIONS;

    /** One line for reports: how this feature enters the bounds (the README's "Imported models" section). */
    public String note() {
        return switch (this) {
            case BATCH_NORM -> "BatchNorm in inference mode (running statistics fixed, also in training): a fixed "
                    + "per-channel affine map after a layer's output z, so every per-site bound still holds exactly; "
                    + "Tr(H) and Tr(G) include the BatchNorm scales and shifts";
            case SKIP_CONNECTIONS -> "skip connections: a site's Jacobian is the sensitivity through its layer's "
                    + "weight only, not the representation's total sensitivity (which adds the skip path); the bounds "
                    + "hold for the former, reading them as compression of the representation is heuristic";
        };
    }

    /** The lower-case name used in JSON ({@code batch_norm}, {@code skip_connections}). */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
