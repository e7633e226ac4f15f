package org.flatlens.analysis.compression;

import org.flatlens.analysis.jacobians.RunningStats;

/**
 * Streams the per-sample terms of {@link ScaleSummary} for one site and one choice of scale {@code s_i} and norm N.
 * Per-sample worst cases are kept as (lhs, rhs) pairs so that the bounds can be re-evaluated from the record.
 */
final class ScaleAccumulator {
    private static final double TIE = 1e-12;
    private final String scale;
    private final double norm;
    private final int q;
    private final RunningStats s = new RunningStats(), invSq = new RunningStats(), logSq = new RunningStats(),
            gradOverScale = new RunningStats();
    private int zero;
    private double worst1 = Double.NEGATIVE_INFINITY, lhs1 = Double.NaN, rhs1 = Double.NaN;
    private double worst2 = Double.NEGATIVE_INFINITY, lhs2 = Double.NaN, rhs2 = Double.NaN;

    ScaleAccumulator(String scale, double norm, int q) {
        this.scale = scale;
        this.norm = norm;
        this.q = q;
    }

    /**
     * @param scaleSq    {@code s_i²}
     * @param jacobianFrobenius {@code ||J_i||_F}
     * @param gradSq     {@code ||∂g_i/∂W||_F²}
     * @param logVolume  {@code log LVR_i} with rank q
     */
    void add(double scaleSq, double jacobianFrobenius, double gradSq, double logVolume) {
        double si = Math.sqrt(scaleSq), grad = Math.sqrt(gradSq);
        if (si == 0) zero++;
        s.add(si);
        invSq.add(1 / scaleSq);
        logSq.add(Math.log(scaleSq));
        gradOverScale.add(grad == 0 ? 0 : norm * grad / si);
        double lhs = si * jacobianFrobenius, rhs = norm * grad;
        double ratio = lhs == 0 ? 0 : lhs / rhs;
        // Lemma 1 is tight at some sites (all ratios equal up to rounding): a new worst case must beat the old one by
        // more than rounding, so the reported sample is the first of a tie, not whichever the last ulp favours.
        if (ratio > worst1 + TIE * Math.abs(worst1) || Double.isNaN(lhs1)) {
            worst1 = ratio;
            lhs1 = lhs;
            rhs1 = rhs;
        }
        double rhs2i = 0.5 * q * Math.log(norm * norm * gradSq / (q * scaleSq));
        double gap = logVolume == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : logVolume - rhs2i;
        if (gap > worst2 || Double.isNaN(lhs2)) {
            worst2 = gap;
            lhs2 = logVolume;
            rhs2 = rhs2i;
        }
    }

    ScaleSummary summary() {
        return new ScaleSummary(scale, norm, zero, invSq.mean(), s.geometricMean(), s.min(), logSq.mean(),
                gradOverScale.mean(), lhs1, rhs1, lhs2, rhs2);
    }
}
