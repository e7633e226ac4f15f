package org.flatlens.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Small JFreeChart helpers shared by the figures: plain white plots, a fixed palette, shaded phases. */
final class Charts {
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};
    static final Color PHASE = new Color(255, 200, 80, 70);
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    private Charts() {}

    /** An XY plot of the given series (lines with small markers, or markers only), y axis not forced to include 0. */
    static XYPlot plot(String yLabel, List<XYSeries> series, boolean lines) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries s : series) data.addSeries(s);
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        y.setLabelFont(SMALL);
        y.setTickLabelFont(SMALL);
        NumberAxis x = new NumberAxis();
        x.setAutoRangeIncludesZero(false);
        x.setTickLabelFont(SMALL);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(lines, true);
        for (int i = 0; i < series.size(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesShape(i, new Ellipse2D.Double(-2, -2, 4, 4));
            r.setSeriesStroke(i, new BasicStroke(1.3f));
        }
        XYPlot p = new XYPlot(data, x, y, r);
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(new Color(0xdddddd));
        p.setRangeGridlinePaint(new Color(0xdddddd));
        return p;
    }

    /** Shades {@code [from, to]} on the x axis (the interpolation phase). */
    static void shade(XYPlot p, double from, double to) {
        if (!(from <= to)) return;
        IntervalMarker m = new IntervalMarker(from, to);
        m.setPaint(PHASE);
        p.addDomainMarker(m, Layer.BACKGROUND);
    }

    static XYSeries series(String name, double[] x, double[] y) {
        XYSeries s = new XYSeries(name, false, true);
        for (int i = 0; i < x.length; i++) if (Double.isFinite(x[i]) && Double.isFinite(y[i])) s.add(x[i], y[i]);
        return s;
    }

    static JFreeChart chart(String title, XYPlot plot, boolean legend) {
        JFreeChart c = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 12), plot, legend);
        c.setBackgroundPaint(Color.WHITE);
        if (legend) c.getLegend().setItemFont(SMALL);
        return c;
    }

    static void addSubtitle(JFreeChart c, String text) {
        TextTitle t = new TextTitle(text, SMALL);
        c.addSubtitle(t);
    }

    static Rectangle2D rect(double x, double y, double w, double h) {
        return new Rectangle2D.Double(x, y, w, h);
    }
}
