package org.flatlens.experiments.measures;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The measures FlatLens knows, in a fixed order (the order of measure.json's {@code measures} section, of tracked
 * lines and of the result tables' columns). Immutable: {@link #with} returns a larger registry.
 *
 * <p>Output keys: a measure's own value is keyed by its {@link Measure#name()}, its value at a site or layer by
 * {@code name[site]}; flat outputs (metrics.jsonl, summary.csv) add {@code name_stderr}, {@code name_n} and the
 * numeric or boolean diagnostics as {@code name_<diagnostic>}, the site kept in brackets at the end
 * ({@code mls_stderr[input]}). See docs/schema.md.
 */
public final class MeasureRegistry {
    private static final MeasureRegistry STANDARD = new MeasureRegistry(StandardMeasures.all());

    private final Map<String, Measure> byName;

    private MeasureRegistry(List<Measure> measures) {
        Map<String, Measure> m = new LinkedHashMap<>();
        for (Measure x : measures) {
            if (m.put(x.name(), x) != null) throw new IllegalArgumentException("measure '" + x.name() + "' twice");
        }
        byName = Collections.unmodifiableMap(m);
    }

    /** Every measure of THEORY.md that FlatLens computes. */
    public static MeasureRegistry standard() {
        return STANDARD;
    }

    /** This registry with {@code m} appended; fails if its name is taken. */
    public MeasureRegistry with(Measure m) {
        List<Measure> all = new ArrayList<>(byName.values());
        all.add(m);
        return new MeasureRegistry(all);
    }

    public List<Measure> all() {
        return List.copyOf(byName.values());
    }

    /** The measures that pass {@code filter}, in registry order. */
    public List<Measure> select(Predicate<Measure> filter) {
        return byName.values().stream().filter(filter).toList();
    }

    public Optional<Measure> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The measure called {@code name}; an unknown name is a programming error. */
    public Measure get(String name) {
        Measure m = byName.get(name);
        if (m == null) throw new IllegalArgumentException("no measure named '" + name + "'");
        return m;
    }

    /**
     * The measure an output key or column belongs to: {@code mls}, {@code mls[conv1]}, {@code trace_hessian_stderr},
     * {@code lambda_max_converged} all resolve; other columns (train_loss, ratio.*) give empty.
     */
    public Optional<Measure> forKey(String key) {
        String base = OutputKeys.baseName(key);
        Measure m = byName.get(base);
        if (m != null) return Optional.of(m);
        int cut = base.lastIndexOf('_');
        while (cut > 0) {
            m = byName.get(base.substring(0, cut));
            if (m != null) return Optional.of(m);
            cut = base.lastIndexOf('_', cut - 1);
        }
        return Optional.empty();
    }
}
