package org.flatlens.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trends along training that respect the design of a sweep: for each finished run, Kendall τ between the step and a
 * measure over that run's tracked points in the interpolation phase (at least {@link #MIN_POINTS}); then the mean of
 * these τ over runs, with a percentile bootstrap over runs (whole runs resampled with replacement). Checkpoints of one
 * run are never counted as independent points: the unit of replication is the run.
 */
public final class WithinRunTrends {
    /** Scope of the combined results. */
    public static final String SCOPE = "within runs";
    /** Tracked interpolation-phase points a run needs to contribute a τ. */
    public static final int MIN_POINTS = 3;

    /**
     * One measure's trend.
     *
     * @param combined mean τ over runs with its bootstrap interval; {@code n} is the number of runs
     * @param perRun   the τ of each contributing run, in run order
     */
    public record Trend(String measure, CorrelationResult combined, double[] perRun) {}

    private WithinRunTrends() {}

    /** The trend of each measure that at least two runs can contribute to; runs not finished are left out. */
    public static List<Trend> of(List<SweepData.RunRecord> runs, List<String> measures, int resamples, double level,
            long seed) {
        List<Trend> out = new ArrayList<>();
        for (int m = 0; m < measures.size(); m++) {
            String name = measures.get(m);
            double[] taus = runs.stream().filter(r -> "finished".equals(r.status()))
                    .mapToDouble(r -> tau(r, name)).filter(Double::isFinite).toArray();
            if (taus.length < 2) continue;
            double mean = Arrays.stream(taus).average().orElse(Double.NaN);
            Bootstrap.Interval ci = Bootstrap.percentileOfMean(taus, resamples, level,
                    new SplittableRandom(seed * 1_000_003L + m));
            out.add(new Trend(name, new CorrelationResult(SCOPE, "step", name, Correlation.KENDALL, mean, ci.lo(),
                    ci.hi(), level, taus.length), taus));
        }
        return out;
    }

    /** Kendall τ of step vs the measure over the run's interpolation-phase points; NaN with too few finite points. */
    static double tau(SweepData.RunRecord run, String measure) {
        List<TrackedPoint> pts = run.points().stream().filter(TrackedPoint::interpolating)
                .filter(p -> Double.isFinite(p.get(measure))).toList();
        if (pts.size() < MIN_POINTS) return Double.NaN;
        double[] x = pts.stream().mapToDouble(TrackedPoint::step).toArray();
        double[] y = pts.stream().mapToDouble(p -> p.get(measure)).toArray();
        return Correlation.KENDALL.of(x, y);
    }
}
