package org.flatlens.experiments;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.analysis.bounds.BoundCheck;

/**
 * One line of {@code metrics.jsonl}: a tracked step.
 *
 * @param step          the optimizer step
 * @param interpolating whether the run had reached 100% training accuracy by this step (the interpolation phase)
 * @param values        train/test loss and accuracy, generalization gap, and every measure, by name
 * @param bounds        the bounds evaluated at this step
 */
public record TrackedPoint(int step, boolean interpolating, Map<String, Double> values, List<BoundCheck> bounds) {
    public TrackedPoint {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        bounds = List.copyOf(bounds);
    }

    /** The value of {@code name}, NaN when absent. */
    public double get(String name) {
        Double v = values.get(name);
        return v == null ? Double.NaN : v;
    }
}
