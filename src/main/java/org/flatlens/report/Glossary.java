package org.flatlens.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One display label per measure, tied to its key in metrics.jsonl / summary.csv, and a one-line definition. Figures,
 * tables and the report's glossary all take their names from here; {@code docs/MEASURES.md} gives the full formulas
 * under the same labels and keys (a test checks that every key here is documented there).
 */
public final class Glossary {
    /** A measure: its key, display label, the quantity it belongs to, and what it is. */
    public record Entry(String key, String label, String group, String definition) {}

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        add("trace_hessian", "Tr H", "sharpness", "trace of the loss Hessian over the tracked samples (Hutch++ "
                + "estimate from exact Hessian–vector products)");
        add("trace_ggn", "Tr G", "sharpness", "trace of the Gauss–Newton matrix, (1/n) Σᵢ ‖∂gᵢ/∂θ‖²_F (exact); equals "
                + "Tr H at an interpolating minimum of MSE");
        add("sharpness", "√Tr G", "sharpness", "square root of Tr G: what the paper's code plots as sharpness");
        add("lambda_max", "λ_max", "sharpness", "largest eigenvalue of the loss Hessian (Lanczos)");
        add("mls", "MLS", "compression", "maximum local sensitivity: mean over samples of the largest singular value "
                + "of the input–output Jacobian");
        add("log_volume", "log volume", "compression", "mean over samples of Σⱼ log σⱼ of the input–output Jacobian "
                + "(log of the local volumetric ratio)");
        add("local_dim", "local dim", "compression", "participation ratio (Σσⱼ²)²/Σσⱼ⁴ of the input–output Jacobian, "
                + "averaged over samples; scale-free");
        add("nmls", "NMLS", "compression", "network MLS: Σ over layers of the largest singular value of the Jacobian "
                + "at each layer's input, averaged over samples");
        add("nvr", "NVR", "compression", "network volumetric ratio: Σ over layers of the per-layer log volume");
        add("jacobian_energy", "‖J‖²_F", "compression", "mean squared Frobenius norm of the input–output Jacobian");
        add("harm", "harm", "bound term", "mean over samples of Σ over layers of ‖W_l‖₂² / ‖h_l‖² (Theorem 3's weight "
                + "term)");
        add("relative_flatness", "κ", "sharpness", "relative flatness Σ_l κ_l (Gauss–Newton form)");
        add("bound_d", "bound D", "bound", "Theorem 1's right side at the input: √Tr G · ‖W₁‖₂ · √(mean 1/‖x‖²)");
        add("bound_nmls", "NMLS bound", "bound", "Theorem 3's right side: √(harm · Tr G)");
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
        ENTRIES.put(key, new Entry(key, label, group, definition));
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
