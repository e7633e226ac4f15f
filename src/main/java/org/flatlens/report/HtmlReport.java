package org.flatlens.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.experiments.BoundSummary;
import org.flatlens.experiments.Correlation;
import org.flatlens.experiments.CorrelationResult;
import org.flatlens.experiments.Predictions;
import org.flatlens.experiments.SweepAnalysis;
import org.flatlens.experiments.SweepData;
import org.flatlens.experiments.measures.Measures;

/**
 * The sweep report: one self-contained HTML file (figures as inline SVG, no external resources) with the
 * configuration, findings in sentences, the runs, correlation tables, figures and the bound table.
 */
public final class HtmlReport {
    /** Metrics of the pair plot, in order of preference (at most {@link #PAIR_MAX}). */
    static final List<String> PAIR_METRICS = List.of(Measures.SHARPNESS, Measures.MLS, Measures.NMLS,
            Measures.LOG_VOLUME, Measures.LOCAL_DIM, Measures.BOUND_D, Measures.BOUND_NMLS, Measures.RELATIVE_FLATNESS,
            "generalization_gap");
    static final int PAIR_MAX = 6;

    private final SweepAnalysis a;
    private final String notes;
    private final int maxRunFigures;
    private final List<Figure> figures = new ArrayList<>();

    /**
     * @param notes         extra sentences for the configuration section (e.g. what the demo shrank), may be empty
     * @param maxRunFigures how many runs get a trajectory figure
     */
    public HtmlReport(SweepAnalysis analysis, String notes, int maxRunFigures) {
        this.a = analysis;
        this.notes = notes;
        this.maxRunFigures = maxRunFigures;
        buildFigures();
    }

    /** The figures the page embeds (also written as PNG files by the command line). */
    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    private void buildFigures() {
        List<String> pair = pairMetrics();
        if (pair.size() >= 2) {
            List<SweepData.RunRecord> fin = finished();
            Map<String, double[]> v = new LinkedHashMap<>();
            for (String m : pair) v.put(m, fin.stream().mapToDouble(r -> r.number(m)).toArray());
            List<CorrelationResult> pearson = a.acrossRuns().stream().filter(c -> c.method() == Correlation.PEARSON)
                    .toList();
            figures.add(PairPlot.of("fig-pairs", pair, v, pearson));
        }
        int n = 0;
        for (SweepData.RunRecord r : a.data().runs()) {
            if (n >= maxRunFigures) break;
            Figure f = TrajectoryFigures.of(r, "fig-run-" + n);
            if (f != null) {
                figures.add(f);
                n++;
            }
        }
        int b = 0;
        for (BoundSummary s : a.bounds()) {
            Figure sides = BoundFigures.sides("fig-bound-" + b, s, a.data().runs());
            if (sides != null) figures.add(sides);
            Figure tight = BoundFigures.tightness("fig-tight-" + b++, s);
            if (tight != null) figures.add(tight);
        }
    }

    private List<SweepData.RunRecord> finished() {
        return a.data().runs().stream().filter(r -> "finished".equals(r.status())).toList();
    }

    private List<String> pairMetrics() {
        List<String> present = a.data().metricNames();
        List<String> out = new ArrayList<>();
        for (String m : PAIR_METRICS) if (present.contains(m) && out.size() < PAIR_MAX) out.add(m);
        if (!out.contains(Measures.SHARPNESS) && present.contains(Measures.TRACE_GGN)) out.add(0, Measures.TRACE_GGN);
        return out.size() > PAIR_MAX ? out.subList(0, PAIR_MAX) : out;
    }

    /** The page. */
    public String html() {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>FlatLens sweep report</title>\n")
                .append("<style>").append(Html.STYLE).append("</style></head><body>\n");
        b.append("<h1>FlatLens sweep report</h1>\n<p class=\"meta\">").append(Html.esc(statusLine())).append("</p>\n");
        b.append("<h2>Configuration</h2>\n<pre>").append(Html.esc(a.data().configText())).append("</pre>\n<p>")
                .append(Html.esc(notes)).append(" Correlations: on finished runs only; each with a ")
                .append(Math.round(a.level() * 100)).append("% percentile bootstrap interval from ").append(a.resamples())
                .append(" resamples (seed ").append(a.seed()).append("). MSE is ½‖f − y‖² per sample (THEORY §1).</p>\n");
        b.append("<h2>Findings</h2>\n").append(findings());
        b.append("<h2>Runs</h2>\n").append(RunTables.runs(a.data()));
        b.append("<h2>Correlations across runs</h2>\n<p>One point per finished run: its last tracked point, with its "
                + "learning rate and batch size.</p>\n").append(RunTables.correlations(a.acrossRuns()));
        b.append("<h2>Correlations across checkpoints (interpolation phase)</h2>\n<p>")
                .append(a.interpolationPoints()).append(" tracked points with 100% training accuracy, pooled over "
                        + "finished runs.</p>\n").append(RunTables.correlations(a.acrossCheckpoints()));
        b.append("<h2>Figures</h2>\n");
        for (Figure f : figures) {
            b.append("<figure id=\"").append(f.id()).append("-box\"><h3>").append(Html.esc(f.title())).append("</h3>\n")
                    .append(f.svg()).append("\n<figcaption>").append(Html.esc(f.caption()))
                    .append("</figcaption></figure>\n");
        }
        b.append("<h2>Bounds</h2>\n").append(RunTables.bounds(a.bounds()));
        return b.append("</body></html>\n").toString();
    }

    private String statusLine() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (SweepData.RunRecord r : a.data().runs()) counts.merge(r.status(), 1, Integer::sum);
        StringBuilder s = new StringBuilder(a.data().runs().size() + " runs");
        counts.forEach((k, v) -> s.append(", ").append(v).append(' ').append(k));
        return s.append(".").toString();
    }

    private String findings() {
        if (a.findings().isEmpty()) {
            return "<p>No finding: the sweep has too few finished runs, or none of the measures THEORY §6 makes "
                    + "predictions about.</p>\n";
        }
        StringBuilder b = new StringBuilder("<ul class=\"findings\">\n");
        for (Predictions.Finding f : a.findings()) {
            String css = f.verdict().startsWith("as ") ? "ok" : f.verdict().startsWith("against") ? "bad" : "";
            b.append("<li class=\"").append(css).append("\">").append(Html.esc(Sentences.finding(f))).append("</li>\n");
        }
        return b.append("</ul>\n").toString();
    }
}
