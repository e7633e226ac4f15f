package org.flatlens.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.experiments.measures.OutputKeys;

/**
 * Everything the report shows, computed from a {@link SweepData}: correlations across runs (the last tracked point of
 * each finished run, with its learning rate and batch size), trends along training within each run combined over runs
 * ({@link WithinRunTrends}), the findings that test THEORY §6's predictions (Kendall τ), and a summary per bound.
 * Correlations use the network-level measures only; per-site values stay in the CSV tables.
 *
 * @param findings one per predicted relation: across runs (sharpness vs compression, hyperparameters vs measures)
 *                 and along training
 */
public record SweepAnalysis(SweepData data, List<CorrelationResult> acrossRuns, List<WithinRunTrends.Trend> trends,
        List<Predictions.Finding> findings, List<BoundSummary> bounds, int resamples, double level, long seed) {

    public static SweepAnalysis analyze(SweepData data, int resamples, double level, long seed) {
        List<SweepData.RunRecord> finished = finished(data);
        // lr vs batch_size describes the design, not the networks: left out.
        List<CorrelationResult> runs = CorrelationAnalysis.allPairs("runs", runColumns(data, finished), resamples,
                level, seed).stream().filter(r -> !(Predictions.HYPERPARAMETERS.contains(r.x())
                        && Predictions.HYPERPARAMETERS.contains(r.y()))).toList();
        List<String> trendMeasures = new ArrayList<>(Predictions.SHARPNESS);
        trendMeasures.addAll(Predictions.COMPRESSION);
        trendMeasures.retainAll(data.metricNames());
        List<WithinRunTrends.Trend> trends = WithinRunTrends.of(finished, trendMeasures, resamples, level, seed + 1);
        List<Predictions.Finding> findings = new ArrayList<>();
        for (CorrelationResult r : runs) {
            if (r.method() == Correlation.KENDALL && headlinePair(r.x(), r.y())) {
                Predictions.of(r.scope(), r.x(), r.y()).ifPresent(p -> findings.add(new Predictions.Finding(r, p)));
            }
        }
        for (WithinRunTrends.Trend t : trends) {
            CorrelationResult r = t.combined();
            Predictions.of(r.scope(), r.x(), r.y()).ifPresent(p -> findings.add(new Predictions.Finding(r, p)));
        }
        return new SweepAnalysis(data, runs, trends, findings, BoundSummary.of(data.runs()), resamples, level, seed);
    }

    /** The finished runs: the ones correlations and trends use. */
    public static List<SweepData.RunRecord> finished(SweepData data) {
        return data.runs().stream().filter(r -> "finished".equals(r.status())).toList();
    }

    /** Sharpness vs compression, or a hyperparameter vs either. */
    static boolean headlinePair(String x, String y) {
        List<String> measures = new ArrayList<>(Predictions.SHARPNESS);
        measures.addAll(Predictions.COMPRESSION);
        return Predictions.SHARPNESS.contains(x) && Predictions.COMPRESSION.contains(y)
                || Predictions.COMPRESSION.contains(x) && Predictions.SHARPNESS.contains(y)
                || Predictions.HYPERPARAMETERS.contains(x) && measures.contains(y);
    }

    /**
     * The metrics that correlations use: network-level measures and loss/accuracy, not per-site or ratio columns nor
     * a measure's uncertainty fields ({@code mls_stderr}, {@code mls_n}, ...).
     */
    static List<String> measureNames(SweepData data) {
        java.util.Set<String> all = new java.util.HashSet<>(data.metricNames());
        return data.metricNames().stream().filter(n -> !n.startsWith(ResultsTables.RATIO_PREFIX) && OutputKeys.site(n) == null
                && !OutputKeys.isField(n, all)).toList();
    }

    private static Map<String, double[]> runColumns(SweepData data, List<SweepData.RunRecord> runs) {
        Map<String, double[]> m = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(Predictions.HYPERPARAMETERS);
        names.addAll(measureNames(data));
        for (String n : names) {
            double[] v = new double[runs.size()];
            for (int i = 0; i < v.length; i++) v[i] = runs.get(i).number(n);
            m.put(n, v);
        }
        return m;
    }

    /** The finding for a pair (either order) in a scope, if there is one. */
    public java.util.Optional<Predictions.Finding> finding(String scope, String x, String y) {
        return findings.stream().filter(f -> f.result().scope().equals(scope) && (f.result().x().equals(x)
                && f.result().y().equals(y) || f.result().x().equals(y) && f.result().y().equals(x))).findFirst();
    }
}
