package org.flatlens.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.tensor.kernels.Parallel;

/**
 * Every pairwise correlation (Pearson, Spearman, Kendall) among named columns, each with a percentile bootstrap
 * interval ({@link Bootstrap}). Each pair uses the points where both values are finite. The resampling of pair p and
 * method m is seeded by (seed, p, m), so results do not depend on the thread count.
 */
public final class CorrelationAnalysis {
    private CorrelationAnalysis() {}

    /**
     * @param scope   label stored in the results ({@code runs} or {@code checkpoints})
     * @param columns name → values, all of the same length (one per point); pairs with fewer than 3 finite points or
     *                a constant side are skipped
     */
    public static List<CorrelationResult> allPairs(String scope, Map<String, double[]> columns, int resamples,
            double level, long seed) {
        List<String> names = new ArrayList<>(columns.keySet());
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) for (int j = i + 1; j < names.size(); j++) pairs.add(new int[] {i, j});
        Correlation[] methods = Correlation.values();
        CorrelationResult[] out = new CorrelationResult[pairs.size() * methods.length];
        Parallel.forRange(out.length, 1, (lo, hi) -> {
            for (int t = lo; t < hi; t++) {
                int[] p = pairs.get(t / methods.length);
                out[t] = one(scope, names.get(p[0]), names.get(p[1]), columns.get(names.get(p[0])),
                        columns.get(names.get(p[1])), methods[t % methods.length], resamples, level,
                        new SplittableRandom(seed * 1_000_003L + t));
            }
        });
        return Arrays.stream(out).filter(r -> r != null && r.n() >= 3 && !Double.isNaN(r.estimate())).toList();
    }

    /** One coefficient with its interval, on the points where both values are finite. */
    public static CorrelationResult one(String scope, String xName, String yName, double[] x, double[] y,
            Correlation method, int resamples, double level, SplittableRandom rng) {
        int n = 0;
        double[] fx = new double[x.length], fy = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                fx[n] = x[i];
                fy[n++] = y[i];
            }
        }
        fx = Arrays.copyOf(fx, n);
        fy = Arrays.copyOf(fy, n);
        double est = method.of(fx, fy);
        if (Double.isNaN(est)) return new CorrelationResult(scope, xName, yName, method, est, Double.NaN, Double.NaN,
                level, n);
        Bootstrap.Interval ci = Bootstrap.percentile(fx, fy, method, resamples, level, rng);
        return new CorrelationResult(scope, xName, yName, method, est, ci.lo(), ci.hi(), level, n);
    }
}
