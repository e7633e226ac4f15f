package org.flatlens.experiments.measures;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link MeasureEngine#compute} returns.
 *
 * @param measures the measures computed, in order
 * @param estimates every value by key ({@code name} or {@code name[site]}), in measure order
 */
public record MeasureResults(List<Measure> measures, Map<String, Estimate> estimates) {
    public MeasureResults {
        measures = List.copyOf(measures);
        estimates = Collections.unmodifiableMap(new LinkedHashMap<>(estimates));
    }

    /** The estimate under {@code key}; fails when it was not computed. */
    public Estimate get(String key) {
        Estimate e = estimates.get(key);
        if (e == null) throw new IllegalArgumentException("measure '" + key + "' was not computed");
        return e;
    }

    /** The per-site estimates of measure {@code name} by site ({@code name[site]} keys), in order. */
    public Map<String, Estimate> sites(String name) {
        Map<String, Estimate> out = new LinkedHashMap<>();
        estimates.forEach((k, v) -> {
            String site = OutputKeys.site(k);
            if (site != null && OutputKeys.baseName(k).equals(name)) out.put(site, v);
        });
        return out;
    }

    /** Whether {@code key} was computed. */
    public boolean has(String key) {
        return estimates.containsKey(key);
    }

    /** The values alone, by key. */
    public Map<String, Double> values() {
        Map<String, Double> out = new LinkedHashMap<>();
        estimates.forEach((k, v) -> out.put(k, v.value()));
        return out;
    }
}
