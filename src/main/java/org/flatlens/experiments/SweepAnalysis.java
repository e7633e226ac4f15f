package org.flatlens.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.experiments.measures.OutputKeys;

/**
 * Everything the report shows, computed from a {@link SweepData}: correlations across runs (the last tracked point of
 * each finished run, plus its learning rate and batch size) and across tracked points in the interpolation phase
 * (pooled over finished runs, plus the step), the findings that test THEORY §6's predictions (with Kendall τ), and a
 * summary per bound.
 */
public record SweepAnalysis(SweepData data, List<CorrelationResult> acrossRuns,
        List<CorrelationResult> acrossCheckpoints, List<Predictions.Finding> findings, List<BoundSummary> bounds,
        int resamples, double level, long seed) {

    public static SweepAnalysis analyze(SweepData data, int resamples, double level, long seed) {
        List<SweepData.RunRecord> finished = data.runs().stream().filter(r -> "finished".equals(r.status())).toList();
        List<CorrelationResult> runs = CorrelationAnalysis.allPairs("runs", runColumns(data, finished), resamples,
                level, seed);
        List<CorrelationResult> points = CorrelationAnalysis.allPairs("checkpoints", pointColumns(data, finished),
                resamples, level, seed + 1);
        List<Predictions.Finding> findings = new ArrayList<>(Predictions.findings(runs, Correlation.KENDALL));
        findings.addAll(Predictions.findings(points, Correlation.KENDALL));
        return new SweepAnalysis(data, runs, points, findings, BoundSummary.of(data.runs()), resamples, level, seed);
    }

    /**
     * The metrics that correlations use: measures and loss/accuracy, not bound ratio columns nor a measure's
     * uncertainty fields ({@code mls_stderr}, {@code mls_n}, ...).
     */
    static List<String> measureNames(SweepData data) {
        java.util.Set<String> all = new java.util.HashSet<>(data.metricNames());
        return data.metricNames().stream().filter(n -> !n.startsWith("ratio.") && !OutputKeys.isField(n, all))
                .toList();
    }

    private static Map<String, double[]> runColumns(SweepData data, List<SweepData.RunRecord> runs) {
        Map<String, double[]> m = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(List.of("lr", "batch_size"));
        names.addAll(measureNames(data));
        for (String n : names) {
            double[] v = new double[runs.size()];
            for (int i = 0; i < v.length; i++) v[i] = runs.get(i).number(n);
            m.put(n, v);
        }
        return m;
    }

    private static Map<String, double[]> pointColumns(SweepData data, List<SweepData.RunRecord> runs) {
        List<TrackedPoint> pts = new ArrayList<>();
        for (SweepData.RunRecord r : runs) for (TrackedPoint p : r.points()) if (p.interpolating()) pts.add(p);
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("step", pts.stream().mapToDouble(TrackedPoint::step).toArray());
        for (String n : measureNames(data)) m.put(n, pts.stream().mapToDouble(p -> p.get(n)).toArray());
        return m;
    }

    /** The number of interpolation-phase points the checkpoint correlations draw on. */
    public int interpolationPoints() {
        int n = 0;
        for (SweepData.RunRecord r : data.runs()) {
            if ("finished".equals(r.status())) for (TrackedPoint p : r.points()) if (p.interpolating()) n++;
        }
        return n;
    }
}
