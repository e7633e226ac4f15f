package org.flatlens.analysis.jacobians;

/**
 * Streaming summary of per-sample values, in the order they are added (so chunking cannot change the result):
 * arithmetic mean, standard error of the mean, geometric mean, minimum and maximum, in O(1) memory.
 *
 * <p>Infinite values are counted apart (a {@code log_volume} of a rank-deficient Jacobian is −∞): the mean is then
 * that infinity (NaN if both signs occur) and the standard error NaN. The variance uses Welford's update.
 */
public final class RunningStats {
    private int n, posInf, negInf, nonPositive, negative, nan;
    private double sum, sumLog, welfordMean, m2;
    private double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;

    public void add(double x) {
        n++;
        if (Double.isNaN(x)) {
            nan++;
            return;
        }
        min = Math.min(min, x);
        max = Math.max(max, x);
        if (x <= 0) nonPositive++;
        if (x < 0) negative++;
        if (x == Double.POSITIVE_INFINITY) posInf++;
        else if (x == Double.NEGATIVE_INFINITY) negInf++;
        else {
            sum += x;
            int finite = n - posInf - negInf - nan;
            double d = x - welfordMean;
            welfordMean += d / finite;
            m2 += d * (x - welfordMean);
            if (x > 0) sumLog += Math.log(x);
        }
    }

    public int count() {
        return n;
    }

    /** {@code (1/n) Σ x}; ±∞ when an infinite value was added, NaN when NaN or both infinities were. */
    public double mean() {
        if (n == 0 || nan > 0 || posInf > 0 && negInf > 0) return Double.NaN;
        if (posInf > 0) return Double.POSITIVE_INFINITY;
        if (negInf > 0) return Double.NEGATIVE_INFINITY;
        return sum / n;
    }

    /** {@code sqrt(Σ (x − x̄)² / (n − 1)) / √n}; NaN for fewer than 2 values or any non-finite value. */
    public double stdErr() {
        if (n < 2 || posInf + negInf + nan > 0) return Double.NaN;
        return Math.sqrt(m2 / (n - 1)) / Math.sqrt(n);
    }

    /** {@code exp((1/n) Σ log x)}: 0 when a value is 0, NaN when one is negative, +∞ when one is +∞ (and none is 0). */
    public double geometricMean() {
        if (n == 0 || nan > 0 || negative > 0) return Double.NaN;
        if (nonPositive > 0) return 0;
        if (posInf > 0) return Double.POSITIVE_INFINITY;
        return Math.exp(sumLog / n);
    }

    /** The mean of {@code log x} (−∞ when a value is 0, NaN when one is negative). */
    public double meanLog() {
        if (n == 0 || nan > 0 || negative > 0) return Double.NaN;
        if (nonPositive > 0) return Double.NEGATIVE_INFINITY;
        if (posInf > 0) return Double.POSITIVE_INFINITY;
        return sumLog / n;
    }

    /** The smallest value (+∞ when empty). */
    public double min() {
        return min;
    }

    /** The largest value (−∞ when empty). */
    public double max() {
        return max;
    }
}
