package org.flatlens.analysis.compression;

import org.flatlens.analysis.jacobians.RunningStats;

/**
 * A per-sample quantity aggregated over n samples (THEORY.md §4: every aggregate with its sample count and standard
 * error).
 *
 * @param am     arithmetic mean; ±∞ when a sample's value is infinite (a rank-deficient {@code log_volume} is −∞)
 * @param gm     geometric mean {@code exp(AM log)} of non-negative values (0 if one is 0). For a quantity that is
 *               itself a logarithm ({@code log_volume}), {@code exp(am)}: the geometric mean of the volume ratio
 * @param stderr standard error of {@code am}; NaN for n &lt; 2 or when a value is infinite
 * @param n      samples
 */
public record Aggregate(double am, double gm, double stderr, int n) {

    static Aggregate of(RunningStats s) {
        return new Aggregate(s.mean(), s.geometricMean(), s.stdErr(), s.count());
    }

    /** For per-sample logarithms: {@code gm = exp(am)}. */
    static Aggregate ofLogs(RunningStats s) {
        return new Aggregate(s.mean(), Math.exp(s.mean()), s.stdErr(), s.count());
    }
}
