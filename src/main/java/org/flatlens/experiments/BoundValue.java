package org.flatlens.experiments;

/**
 * One bound evaluated on both sides at one site (THEORY.md §5, §7): {@code lhs ≤ rhs} should hold.
 *
 * @param theorem     the bound's key, e.g. {@code bound_d} (Theorem 1 at the input site) or {@code bound_nmls}
 * @param site        the representation site ({@code input}, {@code 2}, ...), or {@code network} for network sums
 * @param lhs         the measured side
 * @param rhs         the bounding side; +∞ or NaN when the bound is vacuous (e.g. a convolution with more
 *                    positions than fan-in), reported as "vacuous" and never as a number
 * @param logarithmic whether both sides are logarithms (a log-volume bound): the ratio is then {@code exp(lhs − rhs)}
 */
public record BoundValue(String theorem, String site, double lhs, double rhs, boolean logarithmic) {
    /** Relative slack of §7: some links are exact equalities. */
    public static final double SLACK = 1e-10;

    public BoundValue {
        if (theorem == null || theorem.isBlank()) throw new IllegalArgumentException("bound without a theorem name");
        if (site == null || site.isBlank()) throw new IllegalArgumentException("bound " + theorem + " without a site");
    }

    public boolean vacuous() {
        return Double.isNaN(rhs) || rhs == Double.POSITIVE_INFINITY;
    }

    /** lhs / rhs (≤ 1 when the bound holds), or exp(lhs − rhs) for logarithms; NaN when vacuous. */
    public double ratio() {
        if (vacuous()) return Double.NaN;
        return logarithmic ? Math.exp(lhs - rhs) : lhs / rhs;
    }

    /** Whether the bound holds up to the §7 slack (false when vacuous: nothing was checked). */
    public boolean holds() {
        if (vacuous()) return false;
        return logarithmic ? lhs <= rhs + SLACK * Math.max(1.0, Math.abs(rhs)) : lhs <= rhs * (1 + SLACK);
    }
}
