package org.flatlens.experiments;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Percentile bootstrap confidence intervals for a correlation: resample the n pairs with replacement B times,
 * compute the coefficient of each resample, and take the (1−level)/2 and (1+level)/2 quantiles (linear interpolation
 * between order statistics) of the finite ones. Resamples whose coefficient is undefined (e.g. all pairs the same)
 * are left out and counted.
 */
public final class Bootstrap {
    /** The interval and how many of the resamples gave a defined coefficient. */
    public record Interval(double lo, double hi, int validResamples) {}

    private Bootstrap() {}

    /**
     * @param rng       the resampling source (advanced)
     * @param resamples B, at least 1
     * @param level     e.g. 0.95
     */
    public static Interval percentile(double[] x, double[] y, Correlation c, int resamples, double level,
            RandomGenerator rng) {
        if (resamples < 1) throw new IllegalArgumentException("resamples must be at least 1, got " + resamples);
        if (!(level > 0 && level < 1)) throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        int n = x.length;
        if (n < 2) return new Interval(Double.NaN, Double.NaN, 0);
        double[] stats = new double[resamples];
        double[] bx = new double[n], by = new double[n];
        int valid = 0;
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                int j = rng.nextInt(n);
                bx[i] = x[j];
                by[i] = y[j];
            }
            double s = c.of(bx, by);
            if (Double.isFinite(s)) stats[valid++] = s;
        }
        if (valid == 0) return new Interval(Double.NaN, Double.NaN, 0);
        double[] v = Arrays.copyOf(stats, valid);
        Arrays.sort(v);
        return new Interval(quantile(v, (1 - level) / 2), quantile(v, (1 + level) / 2), valid);
    }

    /**
     * Percentile interval of the mean of {@code values}: resample the values with replacement B times and take the
     * quantiles of the resampled means (used to combine per-run statistics, one value per run).
     */
    public static Interval percentileOfMean(double[] values, int resamples, double level, RandomGenerator rng) {
        if (resamples < 1) throw new IllegalArgumentException("resamples must be at least 1, got " + resamples);
        if (!(level > 0 && level < 1)) throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        int n = values.length;
        if (n < 2) return new Interval(Double.NaN, Double.NaN, 0);
        double[] means = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += values[rng.nextInt(n)];
            means[b] = sum / n;
        }
        Arrays.sort(means);
        return new Interval(quantile(means, (1 - level) / 2), quantile(means, (1 + level) / 2), resamples);
    }

    /** The q-quantile of sorted values, interpolating linearly between order statistics (numpy's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
