package org.flatlens.cli;

import java.util.List;
import org.flatlens.analysis.bounds.BoundCheck;
import org.flatlens.experiments.TrackedPoint;
import org.flatlens.experiments.measures.Measures;

/** One console line per tracked step: the headline measures of {@code metrics.jsonl} (the file has them all). */
final class TrackedLine {
    /** The measures shown, in this order, when the point has them. */
    static final List<String> SHOWN = List.of("train_loss", "test_accuracy", Measures.TRACE_HESSIAN,
            Measures.LAMBDA_MAX, Measures.TRACE_GGN, Measures.MLS, Measures.LOG_VOLUME, Measures.LOCAL_DIM,
            Measures.NMLS);

    private TrackedLine() {}

    static String format(TrackedPoint p) {
        StringBuilder b = new StringBuilder("step " + p.step() + " tracked:");
        for (String k : SHOWN) {
            Double v = p.values().get(k);
            if (v != null) b.append(' ').append(k).append(' ').append(number(v));
        }
        long vacuous = p.bounds().stream().filter(BoundCheck::vacuous).count();
        long held = p.bounds().stream().filter(BoundCheck::holds).count();
        if (!p.bounds().isEmpty()) {
            b.append(" | bounds: ").append(held).append('/').append(p.bounds().size()).append(" hold");
            if (vacuous > 0) b.append(", ").append(vacuous).append(" vacuous");
        }
        if (p.interpolating()) b.append(" (interpolating)");
        return b.toString();
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format("%.4g", v) : String.valueOf(v);
    }
}
