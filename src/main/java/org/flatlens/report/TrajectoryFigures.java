package org.flatlens.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.util.List;
import org.flatlens.experiments.SweepData;
import org.flatlens.experiments.TrackedPoint;
import org.flatlens.experiments.measures.Measures;
import org.flatlens.experiments.measures.OutputKeys;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Trajectories of every run against the step, one panel per measure of {@link #PANELS} that is present: each run
 * in its own colour (the same in every panel, {@link RunStyles}), named by its hyperparameters in one legend, with a
 * band of ± one standard error where the measure records one ({@code <key>_stderr}).
 */
final class TrajectoryFigures {
    static final List<String> PANELS = List.of("train_loss", "train_accuracy", Measures.TRACE_HESSIAN,
            Measures.TRACE_GGN, Measures.LAMBDA_MAX, Measures.MLS, Measures.LOG_VOLUME, Measures.LOCAL_DIM,
            Measures.NMLS, Measures.NVR);
    private static final int COLS = 2, W = 500, H = 200, LEGEND_ROW = 16;

    private TrajectoryFigures() {}

    /** Null when no run has tracked points. */
    static Figure of(String id, RunStyles styles, List<String> present) {
        List<SweepData.RunRecord> runs = styles.runs().stream().filter(r -> !r.points().isEmpty()).toList();
        List<String> panels = PANELS.stream().filter(present::contains).toList();
        if (runs.isEmpty() || panels.isEmpty()) return null;
        int perRow = 4, legendRows = (runs.size() + perRow - 1) / perRow, legend = 10 + LEGEND_ROW * legendRows;
        int rows = (panels.size() + COLS - 1) / COLS, w = COLS * W, h = legend + rows * H;
        List<String> banded = panels.stream().filter(p -> hasStdErr(runs, p)).toList();
        String caption = "Every run at its tracked steps, one colour per run in all panels (light and dark shades of one "
                + "hue: the seeds of one setting)." + (banded.isEmpty() ? ""
                : " Bands: ± one standard error (" + String.join(", ", banded.stream().map(Glossary::label).toList())
                        + "); the other measures are exact on the tracked samples.");
        return new Figure(id, "Trajectories", caption, w, h, g -> {
            legend(g, styles, runs, perRow);
            for (int i = 0; i < panels.size(); i++) {
                panel(runs, styles, panels.get(i), banded.contains(panels.get(i))).draw(g,
                        Charts.rect((i % COLS) * W, legend + (i / COLS) * H, W, H));
            }
        });
    }

    /**
     * Whether some point records a positive standard error for {@code key}: every measure has a {@code _stderr}
     * column, 0 for the exact ones, so the column's presence alone says nothing.
     */
    private static boolean hasStdErr(List<SweepData.RunRecord> runs, String key) {
        String se = OutputKeys.field(key, OutputKeys.STDERR);
        for (SweepData.RunRecord r : runs) {
            for (TrackedPoint p : r.points()) if (p.get(se) > 0) return true;
        }
        return false;
    }

    private static JFreeChart panel(List<SweepData.RunRecord> runs, RunStyles styles, String key, boolean band) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        DeviationRenderer r = new DeviationRenderer(true, false);
        r.setAlpha(0.18f);
        String se = OutputKeys.field(key, OutputKeys.STDERR);
        for (SweepData.RunRecord run : runs) {
            YIntervalSeries s = new YIntervalSeries(run.id(), false, true);
            for (TrackedPoint p : run.points()) {
                double v = p.get(key), e = band ? p.get(se) : 0;
                if (!Double.isFinite(v)) continue;
                if (!Double.isFinite(e)) e = 0;
                s.add(p.step(), v, v - e, v + e);
            }
            int k = data.getSeriesCount();
            data.addSeries(s);
            Color c = styles.colour(run);
            r.setSeriesPaint(k, c);
            r.setSeriesFillPaint(k, c);
            r.setSeriesStroke(k, new BasicStroke(1.4f));
        }
        XYPlot p = new XYPlot(data, Charts.axis("step"), Charts.axis(Glossary.label(key)), r);
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(new Color(0xdddddd));
        p.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart c = new JFreeChart(Glossary.label(key) + " (" + key + ")", new Font(Font.SANS_SERIF, Font.BOLD, 11), p,
                false);
        c.setBackgroundPaint(Color.WHITE);
        return c;
    }

    private static void legend(Graphics2D g, RunStyles styles, List<SweepData.RunRecord> runs, int perRow) {
        g.setFont(Charts.SMALL);
        int colW = COLS * W / perRow;
        for (int i = 0; i < runs.size(); i++) {
            int x = 12 + (i % perRow) * colW, y = 18 + (i / perRow) * LEGEND_ROW;
            g.setColor(styles.colour(runs.get(i)));
            g.setStroke(new BasicStroke(3f));
            g.drawLine(x, y - 4, x + 18, y - 4);
            g.setColor(Color.DARK_GRAY);
            g.drawString(RunStyles.name(runs.get(i)), x + 24, y);
        }
    }
}
