package org.flatlens.experiments;

/**
 * One correlation between two metrics with its bootstrap interval.
 *
 * @param scope    {@code runs} (final checkpoints, one point per run) or {@code checkpoints} (tracked points in the
 *                 interpolation phase, pooled over runs)
 * @param estimate the coefficient on all n points (NaN when undefined)
 * @param lo       lower end of the percentile bootstrap interval
 * @param hi       upper end
 * @param level    the interval's confidence level, e.g. 0.95
 * @param n        the number of points with both values finite
 */
public record CorrelationResult(String scope, String x, String y, Correlation method, double estimate, double lo,
        double hi, double level, int n) {
    /** Whether the interval lies entirely above (1), below (−1) zero, or contains it or is undefined (0). */
    public int sign() {
        if (lo > 0) return 1;
        if (hi < 0) return -1;
        return 0;
    }
}
