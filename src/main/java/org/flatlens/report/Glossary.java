package org.flatlens.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.experiments.measures.Measure;
import org.flatlens.experiments.measures.MeasureRegistry;

/**
 * One display label per column, tied to its key in metrics.jsonl / summary.csv, and a one-line definition. Figures,
 * tables and the report's glossary all take their names from here. Measures come from the
 * {@link MeasureRegistry} (its label, kind, unit and description: the one source for {@code measure}'s JSON schema and
 * the report); only the training and design columns, which are not measures, are listed here. {@code docs/MEASURES.md}
 * gives the full formulas under the same labels and keys (a test checks that every key here is documented there).
 */
public final class Glossary {
    /** A column: its key, display label, the quantity it belongs to, its unit ("" when none), and what it is. */
    public record Entry(String key, String label, String group, String unit, String definition) {}

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        // The measures a sweep tracks, in registry order.
        for (Measure m : MeasureRegistry.standard().select(Measure::tracked)) {
            ENTRIES.put(m.name(), new Entry(m.name(), m.label(), m.kind().key(), m.unit(), m.description()));
        }
        add("train_loss", "train loss", "training", "MSE ½‖f − y‖² per sample (or cross-entropy) on the training set");
        add("train_accuracy", "train accuracy", "training", "fraction of training samples classified correctly");
        add("test_loss", "test loss", "training", "the loss on the test samples");
        add("test_accuracy", "test accuracy", "training", "fraction of test samples classified correctly");
        add("generalization_gap", "gen. gap", "training", "train accuracy − test accuracy");
        add("lr", "learning rate", "hyperparameter", "SGD step size");
        add("batch_size", "batch size", "hyperparameter", "samples per SGD step");
        add("step", "step", "hyperparameter", "optimizer step");
    }

    private Glossary() {}

    private static void add(String key, String label, String group, String definition) {
        ENTRIES.put(key, new Entry(key, label, group, "", definition));
    }

    /** The display label of a key; per-site keys {@code mls[2]} become {@code MLS [2]}; unknown keys stay as they are. */
    public static String label(String key) {
        Entry e = ENTRIES.get(key);
        if (e != null) return e.label();
        int b = key.indexOf('[');
        if (b > 0 && ENTRIES.containsKey(key.substring(0, b))) return ENTRIES.get(key.substring(0, b)).label() + " "
                + key.substring(b);
        return key;
    }

    /** The entry of a key, or null. */
    public static Entry entry(String key) {
        return ENTRIES.get(key);
    }

    /** Every entry, in glossary order. */
    public static List<Entry> entries() {
        return List.copyOf(ENTRIES.values());
    }
}
