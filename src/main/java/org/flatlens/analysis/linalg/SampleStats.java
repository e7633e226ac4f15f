package org.flatlens.analysis.linalg;

/** Mean and standard error of the mean of i.i.d. samples, summed in order. */
final class SampleStats {
    private SampleStats() {}

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    /** {@code sqrt(Σ (x_i − x̄)² / (m − 1)) / √m}; needs {@code m ≥ 2}. */
    static double stdErr(double[] x) {
        if (x.length < 2) throw new IllegalArgumentException("a standard error needs at least 2 samples, got " + x.length);
        double m = mean(x), ss = 0;
        for (double v : x) ss += (v - m) * (v - m);
        return Math.sqrt(ss / (x.length - 1)) / Math.sqrt(x.length);
    }
}
