package org.flatlens.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.flatlens.analysis.bounds.BoundCheck;
import org.flatlens.analysis.bounds.Bounds;
import org.flatlens.experiments.SweepData;
import org.flatlens.experiments.TrackedPoint;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Tightness of the bounds, one figure per family (lemma1, lemma2, theorem1, theorem2, theorem3): the ratio lhs/rhs
 * (≤ 1 when the bound holds) of every bound of the family, per site, at the last tracked point of each selected run,
 * on a log axis. Identities ({@code *identity}) and vacuous checks are not drawn: the report lists them as checked.
 */
final class BoundFigures {
    private static final int W = 1000, H = 330;

    private BoundFigures() {}

    /** The family of a bound name: its first component ({@code theorem1.trace} → {@code theorem1}). */
    static String family(String name) {
        int d = name.indexOf('.');
        return d < 0 ? name : name.substring(0, d);
    }

    static boolean identity(BoundCheck b) {
        return identity(b.name());
    }

    /** Whether a bound name is an exact identity (Lemma 2's), checked but not a bound. */
    static boolean identity(String name) {
        return name.endsWith("identity");
    }

    /** One figure per family with at least one drawable ratio, for {@code runs} (the selection stated in the caption). */
    static List<Figure> tightness(String idPrefix, List<SweepData.RunRecord> runs, String arch, String selection) {
        LinkedHashSet<String> families = new LinkedHashSet<>(), sites = new LinkedHashSet<>();
        for (SweepData.RunRecord r : runs) {
            if (r.points().isEmpty()) continue;
            for (BoundCheck b : r.points().get(r.points().size() - 1).bounds()) {
                sites.add(b.site());
                families.add(family(b.name()));
            }
        }
        List<String> order = new ArrayList<>(sites);
        order.remove(Bounds.NETWORK_SITE);
        List<Figure> out = new ArrayList<>();
        int f = 0;
        for (String fam : families) {
            Figure fig = family(idPrefix + f, fam, runs, order, arch, selection);
            if (fig != null) {
                out.add(fig);
                f++;
            }
        }
        return out;
    }

    private static Figure family(String id, String fam, List<SweepData.RunRecord> runs, List<String> siteOrder,
            String arch, String selection) {
        LinkedHashSet<String> famSites = new LinkedHashSet<>();
        Map<String, List<double[]>> byBound = new LinkedHashMap<>();
        for (SweepData.RunRecord r : runs) {
            if (r.points().isEmpty()) continue;
            for (BoundCheck b : r.points().get(r.points().size() - 1).bounds()) {
                if (!family(b.name()).equals(fam) || identity(b) || b.vacuous() || !(b.ratio() > 0)) continue;
                famSites.add(b.site());
                byBound.computeIfAbsent(b.name(), k -> new ArrayList<>());
            }
        }
        if (byBound.isEmpty()) return null;
        List<String> sites = new ArrayList<>(famSites);
        List<String> names = new ArrayList<>(byBound.keySet());
        XYSeriesCollection data = new XYSeriesCollection();
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (int k = 0; k < names.size(); k++) {
            XYSeries s = new XYSeries(names.get(k), false, true);
            double offset = names.size() == 1 ? 0 : 0.6 * ((double) k / (names.size() - 1) - 0.5);
            for (SweepData.RunRecord r : runs) {
                if (r.points().isEmpty()) continue;
                for (BoundCheck b : r.points().get(r.points().size() - 1).bounds()) {
                    if (!b.name().equals(names.get(k)) || b.vacuous() || !(b.ratio() > 0)) continue;
                    s.add(sites.indexOf(b.site()) + offset, Math.log10(b.ratio()));
                    lo = Math.min(lo, b.ratio());
                    hi = Math.max(hi, b.ratio());
                }
            }
            data.addSeries(s);
        }
        String[] labels = sites.stream().map(s -> Sites.label(arch, siteOrder, s)).toArray(String[]::new);
        SymbolAxis x = new SymbolAxis("site", labels);
        x.setTickLabelFont(Charts.SMALL);
        x.setLabelFont(Charts.SMALL);
        x.setGridBandsVisible(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        for (int k = 0; k < names.size(); k++) {
            r.setSeriesPaint(k, Charts.PALETTE[k % Charts.PALETTE.length]);
            r.setSeriesShape(k, Charts.marker(k));
        }
        XYPlot p = new XYPlot(data, x, Charts.log10Axis("lhs / rhs (log scale)", lo, Math.max(hi, 1)), r);
        p.setBackgroundPaint(Color.WHITE);
        p.setRangeGridlinePaint(new Color(0xdddddd));
        p.addRangeMarker(new org.jfree.chart.plot.ValueMarker(0, new Color(0xb3261e), new BasicStroke(1f)));
        JFreeChart c = Charts.chart(fam + ": lhs / rhs per site", p, true);
        String caption = "Each bound of " + fam + " (colour) at each site, one point per run (" + selection
                + "), at the run's last tracked point; the red line is 1: a bound holds when its point is at or below "
                + "it, and the closer to 1, the tighter." + (fam.equals("lemma2") ? " The identities of Lemma 2 are "
                + "checked (see the bound table), not drawn." : "");
        return new Figure(id, fam + " tightness", caption, W, H, g -> c.draw(g, Charts.rect(0, 0, W, H)));
    }
}
