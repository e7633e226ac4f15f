package org.flatlens.report;

import java.util.ArrayList;
import java.util.List;
import org.flatlens.experiments.SweepData;
import org.flatlens.experiments.TrackedPoint;
import org.flatlens.experiments.measures.Measures;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;

/**
 * Per-run trajectories against the step: loss, accuracy, and each tracked measure of {@link #PANELS} that is present,
 * stacked on one step axis, with the interpolation phase shaded.
 */
public final class TrajectoryFigures {
    /** Panel label and the metrics drawn in it. */
    static final List<List<String>> PANELS = List.of(List.of("loss", "train_loss", "test_loss"),
            List.of("accuracy", "train_accuracy", "test_accuracy"), List.of("sharpness", Measures.SHARPNESS),
            List.of("Tr G", Measures.TRACE_GGN), List.of("Tr H", Measures.TRACE_HESSIAN), List.of("MLS", Measures.MLS),
            List.of("NMLS", Measures.NMLS), List.of("log volume", Measures.LOG_VOLUME),
            List.of("local dim", Measures.LOCAL_DIM));

    private TrajectoryFigures() {}

    /** The figure of one run, or null when it has no tracked points. */
    public static Figure of(SweepData.RunRecord run, String id) {
        List<TrackedPoint> pts = run.points();
        if (pts.isEmpty()) return null;
        double[] steps = pts.stream().mapToDouble(TrackedPoint::step).toArray();
        double last = steps[steps.length - 1];
        int interp = run.interpolationStep();
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis("step"));
        combined.setGap(6);
        int panels = 0;
        for (List<String> panel : PANELS) {
            List<XYSeries> series = new ArrayList<>();
            for (String metric : panel.subList(1, panel.size())) {
                double[] y = pts.stream().mapToDouble(p -> p.get(metric)).toArray();
                XYSeries s = Charts.series(metric, steps, y);
                if (s.getItemCount() > 0) series.add(s);
            }
            if (series.isEmpty()) continue;
            XYPlot p = Charts.plot(panel.get(0), series, true);
            if (interp >= 0) Charts.shade(p, interp, last);
            combined.add(p, 1);
            panels++;
        }
        JFreeChart chart = Charts.chart("run " + run.id(), combined, true);
        Charts.addSubtitle(chart, "lr " + run.fields().get("lr") + ", batch " + run.fields().get("batch_size")
                + ", seed " + run.fields().get("seed") + ", " + run.status()
                + (interp >= 0 ? "; interpolation phase (shaded) from step " + interp : "; never interpolated"));
        int height = 90 + 115 * panels;
        String caption = "Trajectories of run " + run.id() + " at its tracked steps; the shaded band is the "
                + "interpolation phase (100% training accuracy).";
        return new Figure(id, "Run " + run.id(), caption, 720, height, g -> chart.draw(g, Charts.rect(0, 0, 720, height)));
    }
}
