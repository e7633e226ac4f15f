package org.flatlens.experiments.measures;

import java.util.ArrayList;
import java.util.List;

/**
 * The standard entries of the {@link MeasureRegistry}, in output order: the loss, the compression pass's measures
 * (Gauss–Newton, per-site compression, network forms, bound values), then the Hessian-based sharpness measures. A new
 * measure is one more entry here (or in one of the lists it concatenates) plus its estimator.
 */
final class StandardMeasures {
    private StandardMeasures() {}

    static List<Measure> all() {
        List<Measure> sharpness = SharpnessMeasureSet.all();
        List<Measure> out = new ArrayList<>();
        out.add(sharpness.get(0)); // loss first, as in measure.json
        out.addAll(CompressionMeasures.all());
        out.addAll(sharpness.subList(1, sharpness.size()));
        return out;
    }
}
