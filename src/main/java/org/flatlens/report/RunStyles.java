package org.flatlens.report;

import java.awt.Color;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.experiments.SweepData;

/**
 * How runs look in every figure: ordered by (learning rate, batch size, seed), one colour each (the same in every
 * panel and figure), and named by their hyperparameters rather than their ids.
 */
final class RunStyles {
    private final List<SweepData.RunRecord> runs;
    private final Map<String, Color> colours = new LinkedHashMap<>();

    RunStyles(List<SweepData.RunRecord> runs) {
        this.runs = runs.stream().sorted(Comparator.comparingDouble((SweepData.RunRecord r) -> r.number("lr"))
                .thenComparingDouble(r -> r.number("batch_size")).thenComparingDouble(r -> r.number("seed"))
                .thenComparing(SweepData.RunRecord::id)).toList();
        for (int i = 0; i < this.runs.size(); i++) colours.put(this.runs.get(i).id(), Charts.RUNS[i % Charts.RUNS.length]);
    }

    /** The runs in display order. */
    List<SweepData.RunRecord> runs() {
        return runs;
    }

    Color colour(SweepData.RunRecord r) {
        return colours.getOrDefault(r.id(), Color.GRAY);
    }

    /** E.g. {@code lr 0.04, B 8, seed 1}. */
    static String name(SweepData.RunRecord r) {
        return "lr " + r.fields().get("lr") + ", B " + r.fields().get("batch_size") + ", seed " + r.fields().get("seed");
    }
}
