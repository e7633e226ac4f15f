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
    /** One colour per run: ColorBrewer's "Paired" (six hues, light then dark), so seeds of one setting share a hue. */
    static final Color[] RUNS = {new Color(0xa6cee3), new Color(0x1f78b4), new Color(0xb2df8a), new Color(0x33a02c),
            new Color(0xfb9a99), new Color(0xe31a1c), new Color(0xfdbf6f), new Color(0xff7f00), new Color(0xcab2d6),
            new Color(0x6a3d9a), new Color(0xb15928), new Color(0x7f7f7f)};
    /** Stops of a sequential scale (viridis) for a continuous value such as the learning rate. */
    private static final Color[] SCALE = {new Color(0x440154), new Color(0x3b528b), new Color(0x21918c),
            new Color(0x5ec962), new Color(0xd9b700)};
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

    /** The colour of {@code t} in [0, 1] on the sequential scale. */
    static Color scale(double t) {
        double u = Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t)) * (SCALE.length - 1);
        int i = Math.min(SCALE.length - 2, (int) Math.floor(u));
        double f = u - i;
        Color a = SCALE[i], b = SCALE[i + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    /** A marker shape of about 7 px, one per index (circle, square, triangle, diamond, then again). */
    static java.awt.Shape marker(int index) {
        return switch (index % 4) {
            case 0 -> new Ellipse2D.Double(-3.5, -3.5, 7, 7);
            case 1 -> new Rectangle2D.Double(-3, -3, 6, 6);
            case 2 -> new java.awt.Polygon(new int[] {0, 4, -4}, new int[] {-4, 3, 3}, 3);
            default -> new java.awt.Polygon(new int[] {0, 4, 0, -4}, new int[] {-4, 0, 4, 0}, 4);
        };
    }

    /** A number axis with a label and small tick labels, not forced to include 0. */
    static NumberAxis axis(String label) {
        NumberAxis a = new NumberAxis(label);
        a.setAutoRangeIncludesZero(false);
        a.setLabelFont(SMALL);
        a.setTickLabelFont(SMALL);
        return a;
    }

    /**
     * An axis for base-10 logarithms of positive values covering {@code [lo, hi]}: the plot is given log10(value),
     * ticks sit at whole decades and read as the values themselves (0.01, 0.1, 1, 10, 1e4), so no two ticks share a
     * label. (JFreeChart's LogAxis draws its labels as glyph outlines in SVG, which a reader cannot select or search.)
     */
    static NumberAxis log10Axis(String label, double lo, double hi) {
        NumberAxis a = axis(label);
        double l = Math.floor(Math.log10(lo)), h = Math.ceil(Math.log10(hi));
        if (h <= l) h = l + 1;
        a.setRange(l - 0.15, h + 0.15);
        a.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0, new java.text.DecimalFormat("0") {
            @Override
            public StringBuffer format(double v, StringBuffer b, java.text.FieldPosition p) {
                return b.append(decade(Math.pow(10, Math.rint(v))));
            }
        }));
        return a;
    }

    /** 1e-5, 1e-4, 0.001, 0.01, 0.1, 1, 10, 100, 1000, 1e4: short labels of a power of ten. */
    static String decade(double v) {
        int e = (int) Math.round(Math.log10(v));
        if (e >= -3 && e <= 3) return new java.math.BigDecimal(v).round(new java.math.MathContext(1)).stripTrailingZeros()
                .toPlainString();
        return "1e" + e;
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
