package org.flatlens.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flatlens.analysis.bounds.BoundCheck;
import org.flatlens.experiments.BoundSummary;
import org.flatlens.experiments.SweepData;
import org.flatlens.experiments.TrackedPoint;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;

/** Each bound's two sides over training, and its tightness (ratio lhs/rhs) per site at the runs' last points. */
public final class BoundFigures {
    private static final int MAX_RUNS = 4;

    private BoundFigures() {}

    /** Both sides against the step for up to four runs at the site of the bound's worst ratio; null if no data. */
    public static Figure sides(String id, BoundSummary b, List<SweepData.RunRecord> runs) {
        List<XYSeries> series = new ArrayList<>();
        for (SweepData.RunRecord r : runs) {
            if (series.size() >= 2 * MAX_RUNS) break;
            XYSeries lhs = new XYSeries(r.id() + " lhs", false, true), rhs = new XYSeries(r.id() + " rhs", false, true);
            for (TrackedPoint p : r.points()) {
                for (BoundCheck v : p.bounds()) {
                    if (!v.name().equals(b.theorem()) || !v.site().equals(b.worstSite()) || v.vacuous()) continue;
                    if (Double.isFinite(v.lhs())) lhs.add(p.step(), v.lhs());
                    if (Double.isFinite(v.rhs())) rhs.add(p.step(), v.rhs());
                }
            }
            if (lhs.getItemCount() + rhs.getItemCount() == 0) continue;
            series.add(lhs);
            series.add(rhs);
        }
        if (series.isEmpty()) return null;
        XYPlot p = Charts.plot(b.theorem() + " at " + b.worstSite(), series, true);
        p.getDomainAxis().setLabel("step");
        JFreeChart c = Charts.chart(b.theorem() + ": measured side (lhs) and bound (rhs)", p, true);
        String caption = "Both sides of " + b.theorem() + " at site " + b.worstSite() + " over training, for up to "
                + MAX_RUNS + " runs; the bound holds where lhs ≤ rhs.";
        return new Figure(id, b.theorem() + " over training", caption, 720, 380, g -> c.draw(g, Charts.rect(0, 0, 720, 380)));
    }

    /** Ratio lhs/rhs per site (one point per run, last tracked point); null when no site has data. */
    public static Figure tightness(String id, BoundSummary b) {
        Map<String, double[]> bySite = b.finalRatiosBySite();
        if (bySite.isEmpty()) return null;
        String[] sites = bySite.keySet().toArray(String[]::new);
        XYSeries s = new XYSeries("ratio", false, true);
        for (int i = 0; i < sites.length; i++) for (double v : bySite.get(sites[i])) if (Double.isFinite(v)) s.add(i, v);
        XYPlot p = Charts.plot("lhs / rhs", List.of(s), false);
        SymbolAxis x = new SymbolAxis("site", sites);
        x.setTickLabelFont(Charts.SMALL);
        p.setDomainAxis(x);
        JFreeChart c = Charts.chart(b.theorem() + ": tightness per site", p, false);
        String caption = "Ratio lhs/rhs of " + b.theorem() + " per site at each run's last tracked point "
                + "(≤ 1 when the bound holds; closer to 1 is tighter).";
        int w = Math.max(420, 90 * sites.length);
        return new Figure(id, b.theorem() + " tightness", caption, w, 320, g -> c.draw(g, Charts.rect(0, 0, w, 320)));
    }
}
