package org.flatlens.experiments;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.flatlens.analysis.bounds.BoundCheck;

/**
 * What a {@link MeasureSuite} returns: named scalar measures, in a stable order, and bound evaluations.
 *
 * @param values measure name → value (non-finite values allowed: −∞ for a rank-deficient log volume)
 * @param bounds both sides of each bound evaluated
 */
public record Measurements(Map<String, Double> values, List<BoundCheck> bounds) {
    /** Keys a tracker line reserves for itself. */
    public static final Set<String> RESERVED = Set.of("step", "interpolating", "interpolation_step", "train_loss",
            "train_accuracy", "test_loss", "test_accuracy", "generalization_gap", "bounds");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\[[A-Za-z0-9_.\\-]+\\])?");

    public static final Measurements EMPTY = new Measurements(Map.of(), List.of());

    public Measurements {
        for (String k : values.keySet()) {
            if (!NAME.matcher(k).matches()) {
                throw new IllegalArgumentException("measure name '" + k + "' must be lower_snake_case[site]");
            }
            if (RESERVED.contains(k)) throw new IllegalArgumentException("measure name '" + k + "' is reserved");
        }
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        bounds = List.copyOf(bounds);
    }

    public static Measurements of(Map<String, Double> values) {
        return new Measurements(values, List.of());
    }

    /** Both sets of values and bounds; fails if a measure name occurs in both. */
    public Measurements merge(Measurements o) {
        Map<String, Double> v = new LinkedHashMap<>(values);
        for (Map.Entry<String, Double> e : o.values.entrySet()) {
            if (v.put(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException("measure '" + e.getKey() + "' is computed by two suites");
            }
        }
        List<BoundCheck> b = new ArrayList<>(bounds);
        b.addAll(o.bounds);
        return new Measurements(v, b);
    }
}
