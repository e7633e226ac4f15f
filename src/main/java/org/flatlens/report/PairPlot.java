package org.flatlens.report;

import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Map;
import org.flatlens.experiments.CorrelationResult;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;

/**
 * The paper's pair plot: a scatter matrix of metrics across runs (one point per run, its last tracked point), with
 * the Pearson r of each pair (computed in experiments, passed in) in the panel's title.
 */
public final class PairPlot {
    private static final int CELL = 165;

    private PairPlot() {}

    /**
     * @param names   the metrics, in matrix order (2 or more)
     * @param values  metric → one value per run
     * @param pearson Pearson results across runs, looked up for each pair in either order
     */
    public static Figure of(String id, List<String> names, Map<String, double[]> values, List<CorrelationResult> pearson) {
        int k = names.size(), size = CELL * k;
        String caption = "Scatter matrix across runs (one point per finished run, last tracked point); each panel "
                + "shows Pearson r over the points where both values are finite.";
        return new Figure(id, "Pair plot across runs", caption, size, size, g -> {
            for (int row = 0; row < k; row++) {
                for (int col = 0; col < k; col++) {
                    JFreeChart c = row == col ? label(names.get(row))
                            : panel(names.get(col), names.get(row), values, pearson);
                    c.draw(g, Charts.rect(col * CELL, row * CELL, CELL, CELL));
                }
            }
        });
    }

    private static JFreeChart panel(String x, String y, Map<String, double[]> values, List<CorrelationResult> pearson) {
        XYPlot p = Charts.plot(null, List.of(Charts.series(y, values.get(x), values.get(y))), false);
        p.getDomainAxis().setTickLabelsVisible(false);
        p.getRangeAxis().setTickLabelsVisible(false);
        String r = pearson.stream().filter(c -> (c.x().equals(x) && c.y().equals(y)) || (c.x().equals(y)
                && c.y().equals(x))).findFirst().map(c -> String.format("r = %.2f (n = %d)", c.estimate(), c.n()))
                .orElse("r undefined");
        JFreeChart c = new JFreeChart(r, new Font(Font.SANS_SERIF, Font.PLAIN, 10), p, false);
        c.setBackgroundPaint(Color.WHITE);
        return c;
    }

    private static JFreeChart label(String name) {
        XYPlot p = Charts.plot(null, List.of(), false);
        p.getDomainAxis().setVisible(false);
        p.getRangeAxis().setVisible(false);
        p.setDomainGridlinesVisible(false);
        p.setRangeGridlinesVisible(false);
        p.setBackgroundPaint(new Color(0xf4f4f4));
        JFreeChart c = new JFreeChart(name, new Font(Font.SANS_SERIF, Font.BOLD, 13), p, false);
        c.setBackgroundPaint(Color.WHITE);
        return c;
    }
}
