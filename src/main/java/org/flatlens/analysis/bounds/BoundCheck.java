package org.flatlens.analysis.bounds;

/**
 * One bound of THEORY.md §5 evaluated on both sides (conventions: THEORY.md §7).
 *
 * @param name  e.g. {@code lemma1}, {@code theorem1.trace}, {@code theorem3.paper}
 * @param site  the site name, or {@code network}
 * @param lhs   the left side
 * @param rhs   the right side (+∞ when vacuous)
 * @param ratio {@code lhs / rhs} for linear quantities, {@code exp(lhs − rhs)} for bounds on logarithms; ≤ 1 when the
 *              bound holds (1 when both sides are equal, including 0 = 0)
 * @param holds {@code ratio ≤ 1 + 1e-10} (for an identity: {@code |lhs − rhs| ≤ 1e-10 · max(|lhs|, |rhs|)})
 * @param kind  theorem, heuristic or vacuous
 * @param logarithmic whether both sides are logarithms (the ratio is then {@code exp(lhs − rhs)})
 */
public record BoundCheck(String name, String site, double lhs, double rhs, double ratio, boolean holds,
        BoundKind kind, boolean logarithmic) {
    /** The relative slack of THEORY.md §7. */
    public static final double SLACK = 1e-10;

    /** {@code lhs ≤ rhs} for non-negative quantities. */
    public static BoundCheck linear(String name, String site, double lhs, double rhs, BoundKind kind) {
        if (kind == BoundKind.VACUOUS) return vacuous(name, site, lhs, false);
        double ratio = lhs == rhs ? 1 : lhs == 0 && rhs > 0 ? 0 : lhs / rhs;
        return new BoundCheck(name, site, lhs, rhs, ratio, ratio <= 1 + SLACK, kind, false);
    }

    /** {@code lhs ≤ rhs} for logarithms; ratio {@code exp(lhs − rhs)}. */
    public static BoundCheck log(String name, String site, double lhs, double rhs, BoundKind kind) {
        if (kind == BoundKind.VACUOUS) return vacuous(name, site, lhs, true);
        double ratio = lhs == Double.NEGATIVE_INFINITY || rhs == Double.POSITIVE_INFINITY ? 0
                : lhs == rhs ? 1 : Math.exp(lhs - rhs);
        return new BoundCheck(name, site, lhs, rhs, ratio, ratio <= 1 + SLACK, kind, true);
    }

    /** {@code lhs = rhs} (an exact identity, e.g. Lemma 2 for a dense layer). */
    public static BoundCheck identity(String name, String site, double lhs, double rhs) {
        double ratio = lhs == rhs ? 1 : lhs / rhs;
        boolean holds = Math.abs(lhs - rhs) <= SLACK * Math.max(Math.abs(lhs), Math.abs(rhs));
        return new BoundCheck(name, site, lhs, rhs, ratio, holds, BoundKind.THEOREM, false);
    }

    /** A bound with an infinite right side: reported as vacuous, never as a number. */
    public static BoundCheck vacuous(String name, String site, double lhs, boolean logarithmic) {
        return new BoundCheck(name, site, lhs, Double.POSITIVE_INFINITY, 0, true, BoundKind.VACUOUS, logarithmic);
    }

    /** Whether the right side is infinite, so nothing was checked. */
    public boolean vacuous() {
        return kind == BoundKind.VACUOUS;
    }

    /** A theorem that does not hold: a bug somewhere, since every theorem of THEORY.md §5 is exact. */
    public boolean failedTheorem() {
        return kind == BoundKind.THEOREM && !holds;
    }
}
