package org.flatlens.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.experiments.BoundSummary;
import org.flatlens.experiments.Correlation;
import org.flatlens.experiments.CorrelationResult;
import org.flatlens.experiments.Csv;
import org.flatlens.experiments.SweepAnalysis;
import org.flatlens.experiments.SweepData;
import org.flatlens.experiments.WithinRunTrends;
import org.flatlens.experiments.measures.Measures;
import org.flatlens.experiments.measures.OutputKeys;

/** The report's tables: bounds, runs, seed-to-seed spread, the full correlations (collapsed), the glossary. */
final class RunTables {
    /** Measures in the runs table and the seed-spread table, when present. */
    static final List<String> RUN_METRICS = List.of("train_accuracy", "test_accuracy", Measures.TRACE_HESSIAN,
            Measures.TRACE_GGN, Measures.LAMBDA_MAX, Measures.MLS, Measures.LOG_VOLUME, Measures.LOCAL_DIM,
            Measures.NMLS, Measures.NVR);
    static final List<String> SPREAD_METRICS = List.of(Measures.TRACE_HESSIAN, Measures.TRACE_GGN,
            Measures.LAMBDA_MAX, Measures.MLS, Measures.NMLS);

    private RunTables() {}

    static String runs(RunStyles styles) {
        List<SweepData.RunRecord> runs = styles.runs();
        if (runs.isEmpty()) return "<p>No finished run.</p>\n";
        List<String> metrics = RUN_METRICS.stream().filter(m -> !Double.isNaN(runs.get(0).number(m))).toList();
        List<String> header = new ArrayList<>(List.of("run", "id", "status", "100% from step"));
        for (String m : metrics) header.add(Glossary.label(m));
        List<List<String>> rows = new ArrayList<>();
        for (SweepData.RunRecord r : runs) {
            List<String> row = new ArrayList<>(List.of(RunStyles.name(r), r.id(), r.status(),
                    r.interpolationStep() < 0 ? "–" : Integer.toString(r.interpolationStep())));
            for (String m : metrics) row.add(Sentences.value(r.number(m)));
            rows.add(row);
        }
        return "<p>Finished runs at their last tracked point (runs that diverged or failed are listed in summary.csv)."
                + "</p>\n" + Html.table("runs", header, rows);
    }

    /**
     * Every measure the runs tracked (network-level keys; per-site values stay in summary.csv), at each finished run's
     * last tracked point, each with its uncertainty as the registry's output columns record it: value ± standard
     * error with the draws n when the estimate is sampled, the bare value when it is exact on the tracked samples.
     * Collapsed; a measure added to the registry shows up here without further code.
     */
    static String allMeasures(RunStyles styles, List<String> metricNames) {
        List<SweepData.RunRecord> runs = styles.runs();
        java.util.Set<String> all = new java.util.HashSet<>(metricNames);
        List<String> measures = metricNames.stream().filter(m -> OutputKeys.site(m) == null && !OutputKeys.isField(m, all)
                && all.contains(OutputKeys.field(m, OutputKeys.STDERR))).toList();
        if (runs.isEmpty() || measures.isEmpty()) return "";
        List<String> header = new ArrayList<>(List.of("run"));
        for (String m : measures) header.add(Glossary.label(m));
        List<List<String>> rows = new ArrayList<>();
        for (SweepData.RunRecord r : runs) {
            List<String> row = new ArrayList<>(List.of(RunStyles.name(r)));
            for (String m : measures) {
                double v = r.number(m), se = r.number(OutputKeys.field(m, OutputKeys.STDERR));
                double n = r.number(OutputKeys.field(m, OutputKeys.N));
                String draws = " (n " + Csv.number(n) + ")";
                row.add(se > 0 ? Sentences.value(v) + " ± " + Sentences.value(se) + draws
                        : n > 0 ? Sentences.value(v) + draws : Sentences.value(v));
            }
            rows.add(row);
        }
        return "<details><summary>Every tracked measure with its uncertainty (last tracked point of each finished "
                + "run)</summary>\n<p>value ± standard error (n draws) for sampled estimates (over the tracked "
                + "samples or the probes); value (n) without one for a Lanczos eigenvalue (n steps; its accuracy is "
                + "the residual in metrics.jsonl); a bare value is exact on the tracked samples.</p>\n"
                + Html.table("measures", header, rows) + "</details>\n";
    }

    /** Per setting (lr, batch size), each measure's values over the seeds, and their spread relative to the mean. */
    static String seedSpread(List<SweepData.RunRecord> runs) {
        Map<String, List<SweepData.RunRecord>> bySetting = new LinkedHashMap<>();
        for (SweepData.RunRecord r : runs) {
            bySetting.computeIfAbsent("lr " + r.fields().get("lr") + ", B " + r.fields().get("batch_size"),
                    k -> new ArrayList<>()).add(r);
        }
        if (bySetting.values().stream().allMatch(l -> l.size() < 2)) {
            return "<p>Each setting has one seed: no seed-to-seed spread to show (list several seeds in sweep.yaml).</p>\n";
        }
        List<String> metrics = SPREAD_METRICS.stream().filter(m -> !Double.isNaN(runs.get(0).number(m))).toList();
        List<String> header = new ArrayList<>(List.of("setting", "seeds"));
        for (String m : metrics) header.add(Glossary.label(m) + " over seeds");
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, List<SweepData.RunRecord>> e : bySetting.entrySet()) {
            List<String> row = new ArrayList<>(List.of(e.getKey(), Integer.toString(e.getValue().size())));
            for (String m : metrics) {
                double[] v = e.getValue().stream().mapToDouble(r -> r.number(m)).toArray();
                double lo = java.util.Arrays.stream(v).min().orElse(Double.NaN);
                double hi = java.util.Arrays.stream(v).max().orElse(Double.NaN);
                double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
                row.add(v.length < 2 ? Sentences.value(mean) : Sentences.value(lo) + " – " + Sentences.value(hi) + " ("
                        + Math.round(100 * (hi - lo) / Math.abs(mean)) + "%)");
            }
            rows.add(row);
        }
        return "<h3>Seed-to-seed spread</h3>\n<p>Each setting's range over its seeds, and that range as a percentage of "
                + "its mean: compare it with the differences between settings.</p>\n" + Html.table("spread", header, rows);
    }

    /** @param runNames run id → display name ({@link RunStyles#name}) */
    static String bounds(List<BoundSummary> bounds, String arch, List<String> siteOrder, Map<String, String> runNames) {
        if (bounds.isEmpty()) return "<p>No bound data: the measure suite of this sweep evaluates no bound.</p>\n";
        List<List<String>> rows = new ArrayList<>();
        for (BoundSummary b : bounds) {
            boolean id = BoundFigures.identity(b.theorem());
            rows.add(List.of(b.theorem(), id ? "identity" : "inequality", id ? "–" : Sentences.value(b.worstRatio()),
                    Double.isNaN(b.worstRatio()) || id ? "–" : runNames.getOrDefault(b.worstRun(), b.worstRun())
                            + ", step " + b.worstStep() + ", " + Sites.label(arch, siteOrder, b.worstSite()),
                    b.held() + " / " + (b.evaluations() - b.vacuous()), Integer.toString(b.vacuous())));
        }
        return "<p>Every bound of docs/MEASURES.md over every site, tracked point and run. An inequality holds when "
                + "lhs/rhs ≤ 1 (up to a relative slack of 1e-10); the worst ratio is the largest one, i.e. the tightest. "
                + "An identity holds when both sides agree to 1e-10 relative. Vacuous: the right side is infinite, so "
                + "nothing was checked.</p>\n" + Html.table("bounds", List.of("bound", "kind", "worst lhs/rhs",
                        "where", "held", "vacuous"), rows);
    }

    /** Every correlation across runs in a collapsed table, and every run's τ of each trend. */
    static String fullCorrelations(SweepAnalysis a) {
        StringBuilder b = new StringBuilder("<p>Also written as <a href=\"").append(HtmlReport.CORRELATIONS_CSV)
                .append("\">").append(HtmlReport.CORRELATIONS_CSV).append("</a> next to this page.</p>\n");
        Map<String, Map<Correlation, CorrelationResult>> byPair = new LinkedHashMap<>();
        for (CorrelationResult r : a.acrossRuns()) {
            byPair.computeIfAbsent(r.x() + "\u0000" + r.y(), k -> new LinkedHashMap<>()).put(r.method(), r);
        }
        List<String> header = new ArrayList<>(List.of("x", "y"));
        for (Correlation c : Correlation.values()) header.add(c.label() + " [95% CI]");
        header.add("n runs");
        List<List<String>> rows = new ArrayList<>();
        for (Map<Correlation, CorrelationResult> m : byPair.values()) {
            CorrelationResult any = m.values().iterator().next();
            List<String> row = new ArrayList<>(List.of(Glossary.label(any.x()), Glossary.label(any.y())));
            for (Correlation c : Correlation.values()) {
                CorrelationResult r = m.get(c);
                row.add(r == null ? "undefined" : Sentences.num(r.estimate()) + " " + Sentences.interval(r));
            }
            row.add(Integer.toString(any.n()));
            rows.add(row);
        }
        b.append("<details><summary>Correlations across runs: ").append(rows.size())
                .append(" pairs of measures (last tracked point of each finished run)</summary>\n")
                .append(Html.table("correlations", header, rows)).append("</details>\n");
        List<List<String>> trendRows = new ArrayList<>();
        for (WithinRunTrends.Trend t : a.trends()) {
            StringBuilder per = new StringBuilder();
            for (double v : t.perRun()) per.append(per.length() == 0 ? "" : ", ").append(Sentences.num(v));
            trendRows.add(List.of(Glossary.label(t.measure()), Sentences.num(t.combined().estimate()) + " "
                    + Sentences.interval(t.combined()), Integer.toString(t.combined().n()), per.toString()));
        }
        b.append("<details><summary>Trends along training: each run's Kendall τ against the step (interpolation "
                + "phase)</summary>\n").append(Html.table("trends", List.of("measure", "mean τ [95% CI over runs]",
                        "runs", "τ of each run"), trendRows)).append("</details>\n");
        return b.toString();
    }

    static String correlationsCsv(List<CorrelationResult> results) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("scope", "x", "y", "method", "estimate", "lo", "hi", "level", "n"));
        for (CorrelationResult r : results) {
            rows.add(List.of(r.scope(), r.x(), r.y(), r.method().name().toLowerCase(java.util.Locale.ROOT),
                    Double.toString(r.estimate()), Double.toString(r.lo()), Double.toString(r.hi()),
                    Double.toString(r.level()), Integer.toString(r.n())));
        }
        return Csv.format(rows);
    }

    static String glossary() {
        List<List<String>> rows = new ArrayList<>();
        for (Glossary.Entry e : Glossary.entries()) {
            rows.add(List.of(e.label(), e.key(), e.group(), e.unit(), e.definition()));
        }
        return "<p>Each measure's label in this report, its key in metrics.jsonl and summary.csv, its unit, and what "
                + "it is. The formulas, every bound's statement, and what “vacuous” and “heuristic” mean are in "
                + "docs/MEASURES.md of the FlatLens repository, the output columns in docs/schema.md. Sites: fc1 "
                + "(dense) is the input of the first linear layer (key input), fcN the input of the N-th (key: that "
                + "layer's parameter prefix); a key with [site] is the measure at that site. Beside every measure the "
                + "tables hold its uncertainty: key" + field(OutputKeys.STDERR) + " its standard error (0 when "
                + "exact on the tracked samples), key" + field(OutputKeys.N) + " the draws behind it, and for "
                + "Lanczos eigenvalues key" + field(OutputKeys.CONVERGED) + " (1 or 0) and key"
                + field(OutputKeys.RESIDUAL) + ".</p>\n"
                + Html.table("glossary", List.of("label", "key", "kind", "unit", "definition"), rows);
    }

    /** The suffix of an uncertainty column: {@code _stderr}, as {@link OutputKeys} writes it. */
    private static String field(String f) {
        return OutputKeys.field("", f);
    }
}
