package org.flatlens.nn;

/**
 * Structural features of a network that change how the bounds between sharpness and compression apply ({@link #bounds()}
 * says which bound holds per site and which becomes heuristic or vacuous; docs/models.md explains why).
 */
public enum Structure {
    /** BatchNorm in inference mode: a fixed affine map per channel between a layer's output and the next site. */
    BATCH_NORM,
    /** Residual additions: a site's output reaches the loss also past the layers that follow it. */
    SKIP_CONNECTIONS;

    /** One line for reports: how this feature enters the bounds (detailed per bound by {@link #bounds()}). */
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

    /**
     * How this feature enters one bound (docs/models.md, "How BatchNorm and skip connections enter the bounds").
     *
     * @param bound   the bound or reading, in THEORY's names
     * @param verdict {@code holds}, {@code holds (more slack)}, {@code holds, vacuous at some convolution sites}, or
     *                {@code heuristic}
     * @param why     one clause of reason
     */
    public record BoundEffect(String bound, String verdict, String why) {}

    private static final String VACUOUS_AT_CONV = "holds, vacuous at some convolution sites";

    /** Every bound's verdict under this feature: the one place the per-bound wording lives (reports render it). */
    public java.util.List<BoundEffect> bounds() {
        String lemma = "Lemma 1 and 2 (rel_mls, κ, S_l ≤ Tr G), per site";
        String theorems = "Theorem 1 (MLS, GM and Ma & Ying forms) and Theorem 2 (volume), per site";
        String theorem3 = "Theorem 3 (nmls ≤ sqrt(harm · Tr G))";
        String sum = "Σ_l S_l ≤ Tr G";
        String reading = "a site's MLS / volume read as compression of the representation h";
        String d = "the paper's bound D at the input site";
        return switch (this) {
            case BATCH_NORM -> java.util.List.of(
                    new BoundEffect(lemma, "holds", "they use only z = W_l h + b; BatchNorm after z is part of ∂g/∂z "
                            + "on both sides"),
                    new BoundEffect(theorems, VACUOUS_AT_CONV, "at convolution sites with more positions than fan-in, "
                            + "as without BatchNorm"),
                    new BoundEffect(theorem3, VACUOUS_AT_CONV, "a sum of per-site Lemma 1; vacuous as soon as one "
                            + "convolution site is"),
                    new BoundEffect(sum, "holds (more slack)", "Tr G also counts BatchNorm's γ and β"),
                    new BoundEffect(reading, "holds", "BatchNorm with frozen statistics is a fixed affine map"),
                    new BoundEffect(d, VACUOUS_AT_CONV, "when the first layer is a convolution with more positions "
                            + "than fan-in (a ResNet stem)"));
            case SKIP_CONNECTIONS -> java.util.List.of(
                    new BoundEffect(lemma, "holds", "for the Jacobian through the layer's weight W_l"),
                    new BoundEffect(theorems, "holds", "for the through-W_l Jacobian"),
                    new BoundEffect(theorem3, "holds", "for the sum of through-W_l sensitivities"),
                    new BoundEffect(sum, "holds", "the residual additions are part of ∂g/∂z"),
                    new BoundEffect(reading, "heuristic", "the representation's total sensitivity adds the skip "
                            + "path's, which no bound covers"),
                    new BoundEffect(d, "holds", "the input enters through the first layer only"));
        };
    }

    /** The feature of a {@link #key()}, or null for an unknown key. */
    public static Structure ofKey(String key) {
        for (Structure s : values()) if (s.key().equals(key)) return s;
        return null;
    }

    /** The lower-case name used in JSON ({@code batch_norm}, {@code skip_connections}). */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
