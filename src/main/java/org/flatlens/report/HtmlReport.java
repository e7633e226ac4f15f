package org.flatlens.report;

import java.util.ArrayList;
import java.util.List;
import org.flatlens.analysis.bounds.Bounds;
import org.flatlens.experiments.Predictions;
import org.flatlens.experiments.SweepAnalysis;
import org.flatlens.experiments.SweepData;

/**
 * The sweep report: one self-contained HTML file (figures as inline SVG, no external resources). In reading order:
 * the headline ({@link Headline}), contents, configuration, figures, the bound table (after how BatchNorm and skip
 * connections of the runs' models enter the bounds, {@link StructureSection}), the runs and the seed-to-seed
 * spread, the full correlation tables (collapsed; also {@link #CORRELATIONS_CSV}) and the glossary.
 */
public final class HtmlReport {
    /** The file name of the full correlation table the command line writes next to the report. */
    public static final String CORRELATIONS_CSV = "correlations.csv";
    private static final List<String[]> SECTIONS = List.of(new String[] {"headline", "Headline"},
            new String[] {"configuration", "Configuration"}, new String[] {"figures", "Figures"},
            new String[] {"bounds", "Bounds"}, new String[] {"runs", "Runs and seed-to-seed spread"},
            new String[] {"tables", "Full correlation tables"}, new String[] {"glossary", "Glossary"});

    private final SweepAnalysis a;
    private final String notes;
    private final RunStyles styles;
    private final List<Figure> figures = new ArrayList<>();

    /** @param notes extra sentences for the configuration section (e.g. what the demo shrank), may be empty */
    public HtmlReport(SweepAnalysis analysis, String notes) {
        this.a = analysis;
        this.notes = notes;
        this.styles = new RunStyles(SweepAnalysis.finished(analysis.data()));
        buildFigures();
    }

    /** The figures the page embeds (also written as PNG files by the command line). */
    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    private void buildFigures() {
        List<String> present = a.data().metricNames();
        List<String> rows = Predictions.SHARPNESS.stream().filter(present::contains).toList();
        List<String> cols = Predictions.COMPRESSION.stream().filter(present::contains).toList();
        Figure scatter = ScatterGrid.of("fig-scatter", styles.runs(), rows, cols,
                (x, y) -> a.finding("runs", x, y).map(Predictions.Finding::result));
        if (scatter != null) figures.add(scatter);
        Figure traj = TrajectoryFigures.of("fig-trajectories", styles, present);
        if (traj != null) figures.add(traj);
        List<SweepData.RunRecord> interp = styles.runs().stream().filter(r -> r.interpolationStep() >= 0).toList();
        boolean all = interp.size() == styles.runs().size();
        String selection = interp.isEmpty() ? "every finished run: none reached 100% training accuracy"
                : all ? "every finished run; all interpolate" : "the " + interp.size() + " finished runs that reached "
                        + "100% training accuracy";
        figures.addAll(BoundFigures.tightness("fig-bounds-", interp.isEmpty() ? styles.runs() : interp, arch(),
                selection));
    }

    private String arch() {
        return a.data().runs().isEmpty() ? "" : a.data().runs().get(0).fields().get("arch");
    }

    /** The page. */
    public String html() {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>FlatLens sweep report</title>\n")
                .append("<style>").append(Html.STYLE).append("</style></head><body>\n");
        b.append("<h1>FlatLens sweep report</h1>\n");
        b.append(section(0)).append(new Headline(a).html());
        b.append("<nav id=\"contents\"><h2>Contents</h2><ol>");
        for (String[] s : SECTIONS) b.append("<li><a href=\"#").append(s[0]).append("\">").append(s[1]).append("</a></li>");
        b.append("</ol><p class=\"note\">Figures:");
        for (Figure f : figures) {
            b.append(" <a href=\"#").append(f.id()).append("-box\">").append(Html.esc(f.title())).append("</a>");
        }
        b.append("</p>");
        b.append("</nav>\n");
        b.append(section(1)).append("<pre>").append(Html.esc(a.data().configText())).append("</pre>\n<p>")
                .append(Html.esc(notes)).append(" Correlations and trends use finished runs only. Intervals: ")
                .append(Math.round(a.level() * 100)).append("% percentile bootstrap, ").append(a.resamples())
                .append(" resamples (seed ").append(a.seed()).append("). MSE is ½‖f − y‖² per sample, averaged over "
                        + "samples (not PyTorch's MSELoss, whose Hessian is 2/k times this one).</p>\n");
        b.append(section(2));
        for (Figure f : figures) {
            b.append("<figure id=\"").append(f.id()).append("-box\"><h3>").append(Html.esc(f.title())).append("</h3>\n")
                    .append(f.svg()).append("\n<figcaption>").append(Html.esc(f.caption()))
                    .append("</figcaption></figure>\n");
        }
        b.append(section(3)).append(StructureSection.html(a.data().runs(), runNames()))
                .append(RunTables.bounds(a.bounds(), arch(), siteOrder(), runNames()));
        b.append(section(4)).append(RunTables.runs(styles)).append(RunTables.allMeasures(styles,
                a.data().metricNames())).append(RunTables.seedSpread(styles.runs()));
        b.append(section(5)).append(RunTables.fullCorrelations(a));
        b.append(section(6)).append(RunTables.glossary());
        return b.append("</body></html>\n").toString();
    }

    private static String section(int i) {
        return "<h2 id=\"" + SECTIONS.get(i)[0] + "\">" + SECTIONS.get(i)[1] + "</h2>\n";
    }

    private java.util.Map<String, String> runNames() {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        for (SweepData.RunRecord r : a.data().runs()) m.put(r.id(), RunStyles.name(r));
        return m;
    }

    private List<String> siteOrder() {
        List<String> order = new ArrayList<>();
        for (SweepData.RunRecord r : a.data().runs()) {
            if (r.points().isEmpty()) continue;
            for (var b : r.points().get(0).bounds()) if (!b.site().equals(Bounds.NETWORK_SITE) && !order.contains(b.site())) {
                order.add(b.site());
            }
            break;
        }
        return order;
    }

    /** Every correlation across runs (all three methods) as CSV, for {@link #CORRELATIONS_CSV}. */
    public String correlationsCsv() {
        return RunTables.correlationsCsv(a.acrossRuns());
    }
}
