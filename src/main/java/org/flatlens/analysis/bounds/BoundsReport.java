package org.flatlens.analysis.bounds;

import java.util.List;

/**
 * Every bound evaluated for one {@link org.flatlens.analysis.compression.CompressionReport}.
 *
 * @param checks site bounds in site order, then the network bounds
 */
public record BoundsReport(List<BoundCheck> checks) {
    public BoundsReport {
        checks = List.copyOf(checks);
    }

    /** Theorems that failed beyond the slack; non-empty means a bug (the CLI exits non-zero). */
    public List<BoundCheck> failedTheorems() {
        return checks.stream().filter(BoundCheck::failedTheorem).toList();
    }

    public boolean allTheoremsHold() {
        return failedTheorems().isEmpty();
    }

    /** How many of the heuristic checks held, out of how many: {@code [held, total]}. */
    public int[] heuristicsHeld() {
        int held = 0, total = 0;
        for (BoundCheck c : checks) {
            if (c.kind() != BoundKind.HEURISTIC) continue;
            total++;
            if (c.holds()) held++;
        }
        return new int[] {held, total};
    }

    /** The check with this name at this site, if it was evaluated. */
    public java.util.Optional<BoundCheck> find(String name, String site) {
        return checks.stream().filter(c -> c.name().equals(name) && c.site().equals(site)).findFirst();
    }

    /** The checks with this name, in site order. */
    public List<BoundCheck> named(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).toList();
    }
}
