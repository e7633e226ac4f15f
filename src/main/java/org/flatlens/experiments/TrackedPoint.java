package org.flatlens.experiments;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.analysis.bounds.BoundCheck;
import org.flatlens.experiments.measures.Estimate;
import org.flatlens.experiments.measures.OutputKeys;

/**
 * One line of {@code metrics.jsonl}: a tracked step.
 *
 * @param step          the optimizer step
 * @param interpolating whether the run had reached 100% training accuracy by this step (the interpolation phase)
 * @param values        train/test loss and accuracy, generalization gap, and every measure by key with its uncertainty
 *                      fields ({@code mls}, {@code mls_stderr}, {@code mls_n}, ...: see {@link OutputKeys})
 * @param bounds        the bounds evaluated at this step
 */
public record TrackedPoint(int step, boolean interpolating, Map<String, Double> values, List<BoundCheck> bounds) {
    public TrackedPoint {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        bounds = List.copyOf(bounds);
    }

    /** The estimate of measure key {@code key} (value, stderr, n and flat diagnostics), or null when absent. */
    public Estimate estimate(String key) {
        return OutputKeys.unflatten(values, key);
    }

    /** The value of {@code name}, NaN when absent. */
    public double get(String name) {
        Double v = values.get(name);
        return v == null ? Double.NaN : v;
    }
}
