package org.flatlens.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.flatlens.experiments.CorrelationResult;
import org.flatlens.experiments.SweepData;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Each sharpness measure (rows) against each compression measure (columns) across runs: one point per finished run
 * (its last tracked point), colour = learning rate (log scale), marker = batch size, and the panel's Kendall τ with
 * its bootstrap interval (computed in experiments, passed in) as the panel title.
 */
final class ScatterGrid {
    private static final int W = 200, H = 185, LEGEND = 34;

    /** Looks up the correlation result of a pair (either order). */
    interface Lookup {
        Optional<CorrelationResult> of(String x, String y);
    }

    private ScatterGrid() {}

    /** Null when fewer than two runs or no pair is present. */
    static Figure of(String id, List<SweepData.RunRecord> runs, List<String> rows, List<String> cols, Lookup tau) {
        if (runs.size() < 2 || rows.isEmpty() || cols.isEmpty()) return null;
        double[] lrs = runs.stream().mapToDouble(r -> r.number("lr")).toArray();
        double lo = Math.log(java.util.Arrays.stream(lrs).min().orElse(1)), hi = Math.log(java.util.Arrays.stream(lrs)
                .max().orElse(1));
        List<Double> batches = new ArrayList<>(new TreeSet<>(runs.stream().map(r -> r.number("batch_size")).toList()));
        int w = W * cols.size(), h = H * rows.size() + LEGEND;
        String caption = "One point per finished run (its last tracked point). Colour: learning rate (log scale); marker: "
                + "batch size. Panel titles: Kendall τ across runs with its 95% bootstrap interval and the number of runs.";
        return new Figure(id, "Sharpness against compression across runs", caption, w, h, g -> {
            for (int i = 0; i < rows.size(); i++) {
                for (int j = 0; j < cols.size(); j++) {
                    panel(runs, cols.get(j), rows.get(i), lo, hi, batches, tau).draw(g,
                            Charts.rect(j * W, i * H, W, H));
                }
            }
            legend(g, runs, lo, hi, batches, H * rows.size());
        });
    }

    private static JFreeChart panel(List<SweepData.RunRecord> runs, String x, String y, double lo, double hi,
            List<Double> batches, Lookup tau) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        for (SweepData.RunRecord run : runs) {
            XYSeries s = new XYSeries(run.id(), false, true);
            double vx = run.number(x), vy = run.number(y);
            if (Double.isFinite(vx) && Double.isFinite(vy)) s.add(vx, vy);
            int k = data.getSeriesCount();
            data.addSeries(s);
            r.setSeriesPaint(k, Charts.scale(hi > lo ? (Math.log(run.number("lr")) - lo) / (hi - lo) : 0.5));
            r.setSeriesShape(k, Charts.marker(batches.indexOf(run.number("batch_size"))));
        }
        XYPlot p = new XYPlot(data, Charts.axis(Glossary.label(x)), Charts.axis(Glossary.label(y)), r);
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(new Color(0xdddddd));
        p.setRangeGridlinePaint(new Color(0xdddddd));
        String title = tau.of(x, y).map(c -> "τ = " + Sentences.num(c.estimate()) + " " + Sentences.interval(c)
                + ", n = " + c.n()).orElse("τ undefined");
        JFreeChart c = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.PLAIN, 10), p, false);
        c.setBackgroundPaint(Color.WHITE);
        return c;
    }

    private static void legend(Graphics2D g, List<SweepData.RunRecord> runs, double lo, double hi, List<Double> batches,
            int top) {
        g.setFont(Charts.SMALL);
        g.setColor(Color.DARK_GRAY);
        int x = 10, y = top + 20;
        g.drawString("colour = learning rate:", x, y);
        x += 120;
        List<Double> lrs = new ArrayList<>(new TreeSet<>(runs.stream().map(r -> r.number("lr")).toList()));
        if (lrs.size() > 6) lrs = List.of(lrs.get(0), lrs.get(lrs.size() - 1));
        for (double lr : lrs) {
            g.setColor(Charts.scale(hi > lo ? (Math.log(lr) - lo) / (hi - lo) : 0.5));
            g.fill(AffineTransform.getTranslateInstance(x + 4, y - 4).createTransformedShape(Charts.marker(0)));
            g.setColor(Color.DARK_GRAY);
            String t = Sentences.value(lr);
            g.drawString(t, x + 11, y);
            x += 20 + g.getFontMetrics().stringWidth(t);
        }
        x += 30;
        g.drawString("marker = batch size:", x, y);
        x += 105;
        for (int i = 0; i < batches.size(); i++) {
            g.setColor(Color.GRAY);
            g.fill(AffineTransform.getTranslateInstance(x + 4, y - 4).createTransformedShape(Charts.marker(i)));
            g.setColor(Color.DARK_GRAY);
            String t = Long.toString(Math.round(batches.get(i)));
            g.drawString(t, x + 11, y);
            x += 20 + g.getFontMetrics().stringWidth(t);
        }
    }
}
