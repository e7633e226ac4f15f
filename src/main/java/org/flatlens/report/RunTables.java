package org.flatlens.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.experiments.BoundSummary;
import org.flatlens.experiments.Correlation;
import org.flatlens.experiments.CorrelationResult;
import org.flatlens.experiments.SweepData;
import org.flatlens.experiments.measures.Measures;

/** The report's tables: runs, correlations (one row per pair, a column per method), bounds. */
final class RunTables {
    static final List<String> RUN_METRICS = List.of("train_accuracy", "test_accuracy", Measures.SHARPNESS,
            Measures.MLS, Measures.NMLS, Measures.LOG_VOLUME, Measures.LOCAL_DIM);

    private RunTables() {}

    static String runs(SweepData d) {
        List<String> metrics = RUN_METRICS.stream().filter(d.metricNames()::contains).toList();
        List<String> header = new ArrayList<>(List.of("run", "lr", "batch", "seed", "status", "step", "interp. step"));
        header.addAll(metrics);
        List<List<String>> rows = new ArrayList<>();
        for (SweepData.RunRecord r : d.runs()) {
            Map<String, String> f = r.fields();
            List<String> row = new ArrayList<>(List.of(r.id(), f.get("lr"), f.get("batch_size"), f.get("seed"),
                    r.status() + (f.get("error").isEmpty() ? "" : ": " + f.get("error")), f.get("step"),
                    r.interpolationStep() < 0 ? "–" : Integer.toString(r.interpolationStep())));
            for (String m : metrics) row.add(Sentences.value(r.number(m)));
            rows.add(row);
        }
        return Html.table("runs", header, rows);
    }

    static String correlations(List<CorrelationResult> results) {
        if (results.isEmpty()) return "<p>No pair has at least 3 points with both values defined.</p>\n";
        Map<String, Map<Correlation, CorrelationResult>> byPair = new LinkedHashMap<>();
        for (CorrelationResult r : results) {
            byPair.computeIfAbsent(r.x() + "\u0000" + r.y(), k -> new LinkedHashMap<>()).put(r.method(), r);
        }
        List<String> header = new ArrayList<>(List.of("x", "y"));
        for (Correlation c : Correlation.values()) header.add(c.label() + " [CI]");
        header.add("n");
        List<List<String>> rows = new ArrayList<>();
        for (Map<Correlation, CorrelationResult> m : byPair.values()) {
            CorrelationResult any = m.values().iterator().next();
            List<String> row = new ArrayList<>(List.of(any.x(), any.y()));
            for (Correlation c : Correlation.values()) {
                CorrelationResult r = m.get(c);
                row.add(r == null ? "undefined" : Sentences.num(r.estimate()) + " " + Sentences.interval(r));
            }
            row.add(Integer.toString(any.n()));
            rows.add(row);
        }
        return Html.table("correlations", header, rows);
    }

    static String bounds(List<BoundSummary> bounds) {
        if (bounds.isEmpty()) return "<p>No bound data: the measure suite of this sweep evaluates no bound.</p>\n";
        List<List<String>> rows = new ArrayList<>();
        for (BoundSummary b : bounds) {
            rows.add(List.of(b.theorem(), Sentences.value(b.worstRatio()),
                    Double.isNaN(b.worstRatio()) ? "–" : b.worstRun() + " step " + b.worstStep() + " site " + b.worstSite(),
                    b.held() + " / " + (b.evaluations() - b.vacuous()), Integer.toString(b.vacuous())));
        }
        return Html.table("bounds", List.of("theorem", "worst ratio lhs/rhs", "where", "held", "vacuous"), rows);
    }
}
