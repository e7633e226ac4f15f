package org.flatlens.experiments;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.flatlens.analysis.bounds.BoundCheck;
import org.flatlens.experiments.measures.Estimate;

/**
 * What a {@link MeasureSuite} returns: named measures with their uncertainty, in a stable order, and bound
 * evaluations.
 *
 * @param estimates measure key ({@code name} or {@code name[site]}) → estimate (non-finite values allowed: −∞ for a
 *                  rank-deficient log volume)
 * @param bounds    both sides of each bound evaluated
 */
public record Measurements(Map<String, Estimate> estimates, List<BoundCheck> bounds) {
    /** Keys a tracker line reserves for itself. */
    public static final Set<String> RESERVED = Set.of("step", "interpolating", "interpolation_step", "train_loss",
            "train_accuracy", "test_loss", "test_accuracy", "generalization_gap", "bounds", "schema_version");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\[[A-Za-z0-9_.\\-]+\\])?");

    public static final Measurements EMPTY = new Measurements(Map.of(), List.of());

    public Measurements {
        for (String k : estimates.keySet()) {
            if (!NAME.matcher(k).matches()) {
                throw new IllegalArgumentException("measure name '" + k + "' must be lower_snake_case[site]");
            }
            if (RESERVED.contains(k)) throw new IllegalArgumentException("measure name '" + k + "' is reserved");
        }
        estimates = Collections.unmodifiableMap(new LinkedHashMap<>(estimates));
        bounds = List.copyOf(bounds);
    }

    /** Deterministic values without uncertainty (each an {@link Estimate#exact}). */
    public static Measurements of(Map<String, Double> values) {
        Map<String, Estimate> e = new LinkedHashMap<>();
        values.forEach((k, v) -> e.put(k, Estimate.exact(v)));
        return new Measurements(e, List.of());
    }

    /** The values alone, by key. */
    public Map<String, Double> values() {
        Map<String, Double> v = new LinkedHashMap<>();
        estimates.forEach((k, e) -> v.put(k, e.value()));
        return v;
    }

    /** Both sets of estimates and bounds; fails if a measure name occurs in both. */
    public Measurements merge(Measurements o) {
        Map<String, Estimate> v = new LinkedHashMap<>(estimates);
        for (Map.Entry<String, Estimate> e : o.estimates.entrySet()) {
            if (v.put(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException("measure '" + e.getKey() + "' is computed by two suites");
            }
        }
        List<BoundCheck> b = new ArrayList<>(bounds);
        b.addAll(o.bounds);
        return new Measurements(v, b);
    }
}
