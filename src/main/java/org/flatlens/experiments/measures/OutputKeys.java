package org.flatlens.experiments.measures;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How measures are keyed in the outputs, and the flat form of an {@link Estimate} used by metrics.jsonl, summary.csv
 * and checkpoints.csv: the value under {@code name[site]}, beside it {@code name_stderr[site]}, {@code name_n[site]}
 * and, when the estimator reports them, {@code name_converged[site]} (1 or 0) and {@code name_residual[site]};
 * without a site the brackets are absent. docs/schema.md documents every field.
 */
public final class OutputKeys {
    /**
     * The version of the output schema (measure.json, metrics.jsonl): 2 added uncertainty and diagnostics beside
     * every value (version 1, before the field existed, had bare values). Bumped when a field changes meaning or is
     * removed; adding fields or measures does not bump it.
     */
    public static final int SCHEMA_VERSION = 2;
    /** The key of the version field in measure.json and in each metrics.jsonl line. */
    public static final String SCHEMA_VERSION_KEY = "schema_version";
    public static final String STDERR = "stderr", N = "n", CONVERGED = Estimate.CONVERGED, RESIDUAL = "residual";
    /** The diagnostics kept in flat outputs (numbers; flags as 1 or 0); the others are in measure.json only. */
    public static final List<String> FLAT_DIAGNOSTICS = List.of(CONVERGED, RESIDUAL);

    private OutputKeys() {}

    /** The key of {@code name}'s value at {@code site}: {@code key("mls", "conv1") = mls[conv1]}. */
    public static String key(String name, String site) {
        return name + "[" + site + "]";
    }

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

    /** Whether {@code key} is a flat field ({@code _stderr}, {@code _n}, ...) of another key in {@code keys}. */
    public static boolean isField(String key, java.util.Set<String> keys) {
        return fieldOf(key, keys) != null;
    }

    /**
     * Which flat field of another key in {@code keys} {@code key} is ({@link #STDERR}, {@link #N}, {@link #CONVERGED}
     * or {@link #RESIDUAL}), or null when it is a value itself: {@code mls_n[input]} is mls[input]'s {@code n}.
     */
    public static String fieldOf(String key, java.util.Set<String> keys) {
        String base = baseName(key), site = key.substring(base.length());
        for (String f : List.of(STDERR, N, CONVERGED, RESIDUAL)) {
            if (base.endsWith("_" + f) && keys.contains(base.substring(0, base.length() - f.length() - 1) + site)) {
                return f;
            }
        }
        return null;
    }

    /** Whether a flat field holds a whole number (a count or a 1/0 flag), written as an integer in JSON. */
    public static boolean isWhole(String field) {
        return N.equals(field) || CONVERGED.equals(field);
    }

    /** Every estimate in flat form, in order: value, stderr, n, then the flat diagnostics it has. */
    public static Map<String, Double> flatten(Map<String, Estimate> estimates) {
        Map<String, Double> out = new LinkedHashMap<>();
        estimates.forEach((k, e) -> {
            out.put(k, e.value());
            out.put(field(k, STDERR), e.stdErr());
            out.put(field(k, N), (double) e.n());
            for (String d : FLAT_DIAGNOSTICS) {
                Object v = e.diagnostics().get(d);
                if (v instanceof Boolean b) out.put(field(k, d), b ? 1.0 : 0.0);
                else if (v instanceof Number n) out.put(field(k, d), n.doubleValue());
            }
        });
        return out;
    }

    /**
     * The estimate under {@code key} rebuilt from its flat form, or null when {@code key} is absent; a missing
     * {@code _stderr} reads as NaN and a missing {@code _n} as 0 (files of schema version 1).
     */
    public static Estimate unflatten(Map<String, Double> flat, String key) {
        Double v = flat.get(key);
        if (v == null) return null;
        Double se = flat.get(field(key, STDERR)), n = flat.get(field(key, N));
        Map<String, Object> diagnostics = new LinkedHashMap<>();
        Double c = flat.get(field(key, CONVERGED)), r = flat.get(field(key, RESIDUAL));
        if (c != null) diagnostics.put(CONVERGED, c != 0);
        if (r != null) diagnostics.put(RESIDUAL, r);
        return new Estimate(v, se == null ? Double.NaN : se, n == null ? 0 : (int) Math.round(n), diagnostics);
    }
}
