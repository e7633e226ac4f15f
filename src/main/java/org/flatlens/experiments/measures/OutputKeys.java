package org.flatlens.experiments.measures;

/**
 * How a measure's value, uncertainty and diagnostics are keyed in flat outputs (metrics.jsonl, summary.csv,
 * checkpoints.csv): {@code name[site]} for the value, {@code name_stderr[site]}, {@code name_n[site]} and
 * {@code name_<diagnostic>[site]} beside it; without a site the brackets are absent.
 */
public final class OutputKeys {
    public static final String STDERR = "stderr", N = "n";

    private OutputKeys() {}

    /** The key of a field of {@code key}'s estimate: {@code field(mls[input], "stderr") = mls_stderr[input]}. */
    public static String field(String key, String field) {
        int b = key.indexOf('[');
        return b < 0 ? key + "_" + field : key.substring(0, b) + "_" + field + key.substring(b);
    }

    /** {@code key} without its site: {@code mls[conv1]} → {@code mls}. */
    public static String baseName(String key) {
        int b = key.indexOf('[');
        return b < 0 ? key : key.substring(0, b);
    }

    /** The site of {@code key}, or null: {@code mls[conv1]} → {@code conv1}. */
    public static String site(String key) {
        int b = key.indexOf('[');
        return b < 0 || !key.endsWith("]") ? null : key.substring(b + 1, key.length() - 1);
    }
}
