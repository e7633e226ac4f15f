package org.flatlens.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.analysis.bounds.BoundCheck;
import org.flatlens.analysis.bounds.BoundKind;
import org.flatlens.experiments.measures.OutputKeys;

/**
 * {@code metrics.jsonl} of a run folder: one JSON object per tracked step,
 * <pre>
 * {"schema_version": 2, "step": 500, "interpolating": true, "interpolation_step": 300, "train_loss": ...,
 *  "train_accuracy": ..., "test_loss": ..., "test_accuracy": ..., "generalization_gap": ...,
 *  "mls": ..., "mls_stderr": ..., "mls_n": 6, ..., "lambda_max_converged": 1, "lambda_max_residual": ..., ...,
 *  "bounds": [{"theorem": "theorem1.trace", "site": "input", "lhs": ..., "rhs": ..., "ratio": ..., "holds": true}]}
 * </pre>
 * Non-finite numbers are the strings {@code "Infinity"}, {@code "-Infinity"}, {@code "NaN"} (THEORY.md §7); a vacuous
 * bound has {@code "rhs": "vacuous"} and no ratio. Each measure's value is followed by its uncertainty fields
 * ({@link OutputKeys#flatten}); docs/schema.md documents every field and the versioning policy.
 */
public final class MetricsFile {
    public static final String NAME = "metrics.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricsFile() {}

    /** A number as JSON allows it: itself if finite, else its §7 string. */
    public static Object number(double v) {
        if (Double.isFinite(v)) return v;
        return Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
    }

    /** The JSON object of one tracked point (all fields, in order). */
    public static Map<String, Object> toFields(TrackedPoint p, int interpolationStep) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(OutputKeys.SCHEMA_VERSION_KEY, OutputKeys.SCHEMA_VERSION);
        m.put("step", p.step());
        m.put("interpolating", p.interpolating());
        m.put("interpolation_step", interpolationStep);
        // Counts and flags (mls_n, lambda_max_converged) are whole numbers: written as integers, not 6.0.
        java.util.Set<String> keys = p.values().keySet();
        p.values().forEach((k, v) -> m.put(k, OutputKeys.isWhole(OutputKeys.fieldOf(k, keys)) && v == Math.rint(v)
                && Math.abs(v) < 1e15 ? (Object) (long) (double) v : number(v)));
        List<Map<String, Object>> bs = new ArrayList<>();
        for (BoundCheck b : p.bounds()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("theorem", b.name());
            o.put("site", b.site());
            o.put("lhs", number(b.lhs()));
            o.put("rhs", b.vacuous() ? "vacuous" : number(b.rhs()));
            if (!b.vacuous()) {
                o.put("ratio", number(b.ratio()));
                o.put("holds", b.holds());
            }
            o.put("kind", b.kind().key());
            if (b.logarithmic()) o.put("logarithmic", true);
            bs.add(o);
        }
        if (!bs.isEmpty()) m.put("bounds", bs);
        return m;
    }

    /** The points of a run's metrics file, in file order; empty when the file does not exist. */
    public static List<TrackedPoint> read(Path file) {
        List<TrackedPoint> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) return out;
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        for (String line : lines) {
            if (line.isBlank()) continue;
            try {
                out.add(parse(JSON.readTree(line)));
            } catch (IOException e) {
                // A torn last line from a killed process; the resumed run rewrites it.
            }
        }
        return out;
    }

    private static TrackedPoint parse(JsonNode o) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            if (k.equals("step") || k.equals("interpolating") || k.equals("interpolation_step") || k.equals("bounds")
                    || k.equals(OutputKeys.SCHEMA_VERSION_KEY)) {
                continue;
            }
            values.put(k, value(e.getValue()));
        }
        List<BoundCheck> bounds = new ArrayList<>();
        for (JsonNode b : o.path("bounds")) bounds.add(bound(b));
        return new TrackedPoint(o.path("step").asInt(), o.path("interpolating").asBoolean(), values, bounds);
    }

    /** A bound as written by {@link #toFields}: ratio and verdict as recorded, not re-derived. */
    private static BoundCheck bound(JsonNode b) {
        String name = b.path("theorem").asText(), site = b.path("site").asText();
        double lhs = value(b.path("lhs"));
        boolean log = b.path("logarithmic").asBoolean(false);
        BoundKind kind = BoundKind.ofKey(b.path("kind").asText(BoundKind.THEOREM.key()));
        JsonNode rhs = b.path("rhs");
        if (kind == BoundKind.VACUOUS || rhs.isTextual() && rhs.asText().equals("vacuous")) {
            return BoundCheck.vacuous(name, site, lhs, log);
        }
        return new BoundCheck(name, site, lhs, value(rhs), value(b.path("ratio")), b.path("holds").asBoolean(), kind,
                log);
    }

    /** A JSON number or §7 string as a double. */
    static double value(JsonNode n) {
        if (n.isNumber()) return n.asDouble();
        return switch (n.asText()) {
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.NaN;
        };
    }
}
