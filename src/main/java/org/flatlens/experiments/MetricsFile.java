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

/**
 * {@code metrics.jsonl} of a run folder: one JSON object per tracked step,
 * <pre>
 * {"step": 500, "interpolating": true, "interpolation_step": 300, "train_loss": ..., "train_accuracy": ...,
 *  "test_loss": ..., "test_accuracy": ..., "generalization_gap": ..., "mls": ..., ...,
 *  "bounds": [{"theorem": "bound_d", "site": "input", "lhs": ..., "rhs": ..., "ratio": ..., "holds": true}]}
 * </pre>
 * Non-finite numbers are the strings {@code "Infinity"}, {@code "-Infinity"}, {@code "NaN"} (THEORY.md §7); a vacuous
 * bound has {@code "rhs": "vacuous"} and no ratio.
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
        m.put("step", p.step());
        m.put("interpolating", p.interpolating());
        m.put("interpolation_step", interpolationStep);
        p.values().forEach((k, v) -> m.put(k, number(v)));
        List<Map<String, Object>> bs = new ArrayList<>();
        for (BoundValue b : p.bounds()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("theorem", b.theorem());
            o.put("site", b.site());
            o.put("lhs", number(b.lhs()));
            o.put("rhs", b.vacuous() ? "vacuous" : number(b.rhs()));
            if (!b.vacuous()) {
                o.put("ratio", number(b.ratio()));
                o.put("holds", b.holds());
            }
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
            if (k.equals("step") || k.equals("interpolating") || k.equals("interpolation_step") || k.equals("bounds")) {
                continue;
            }
            values.put(k, value(e.getValue()));
        }
        List<BoundValue> bounds = new ArrayList<>();
        for (JsonNode b : o.path("bounds")) {
            JsonNode rhs = b.path("rhs");
            bounds.add(new BoundValue(b.path("theorem").asText(), b.path("site").asText(), value(b.path("lhs")),
                    rhs.isTextual() && rhs.asText().equals("vacuous") ? Double.POSITIVE_INFINITY : value(rhs),
                    b.path("logarithmic").asBoolean(false)));
        }
        return new TrackedPoint(o.path("step").asInt(), o.path("interpolating").asBoolean(), values, bounds);
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
