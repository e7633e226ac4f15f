package org.flatlens.experiments;

import java.util.Arrays;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;

/**
 * Correlation coefficients of paired samples {@code (x_i, y_i)}, NaN when undefined (fewer than 2 pairs, or one side
 * constant).
 * <ul>
 *   <li>Pearson r = Σ(x−x̄)(y−ȳ) / sqrt(Σ(x−x̄)² Σ(y−ȳ)²) (two passes);</li>
 *   <li>Spearman ρ = Pearson r of the ranks, ties given their average rank;</li>
 *   <li>Kendall τ_b = (n_c − n_d) / sqrt((n_0 − n_1)(n_0 − n_2)) (Commons Math, O(n log n)), n_0 = n(n−1)/2,
 *       n_1, n_2 the pairs tied in x, in y.</li>
 * </ul>
 */
public enum Correlation {
    PEARSON("Pearson r"), SPEARMAN("Spearman ρ"), KENDALL("Kendall τ");

    private final String label;

    Correlation(String label) {
        this.label = label;
    }

    /** E.g. {@code Kendall τ}. */
    public String label() {
        return label;
    }

    /** The coefficient of x and y (equal lengths; not modified). */
    public double of(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException(x.length + " x values but " + y.length + " y");
        if (x.length < 2 || constant(x) || constant(y)) return Double.NaN;
        return switch (this) {
            case PEARSON -> pearson(x, y);
            case SPEARMAN -> pearson(ranks(x), ranks(y));
            case KENDALL -> new KendallsCorrelation().correlation(positiveZero(x), positiveZero(y));
        };
    }

    /**
     * A copy with −0.0 replaced by 0.0: Commons Math compares with {@code Double.equals}, which would count −0.0 and
     * 0.0 as different values rather than a tie.
     */
    private static double[] positiveZero(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = v[i] + 0.0;
        return r;
    }

    static double pearson(double[] x, double[] y) {
        int n = x.length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) return Double.NaN;
        return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    /** Ranks 1..n, ties averaged. */
    static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && v[order[j + 1]] == v[order[i]]) j++;
            double avg = (i + j) / 2.0 + 1;
            for (int q = i; q <= j; q++) r[order[q]] = avg;
            i = j + 1;
        }
        return r;
    }

    private static boolean constant(double[] v) {
        for (double d : v) if (d != v[0]) return false;
        return true;
    }
}
