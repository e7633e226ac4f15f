package org.flatlens.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.flatlens.experiments.measures.Estimate;
import org.flatlens.experiments.measures.Measure;
import org.flatlens.experiments.measures.MeasureRegistry;
import org.flatlens.experiments.measures.MeasureResults;
import org.flatlens.experiments.measures.OutputKeys;

/**
 * The {@code measures} section of measure.json, written from the registry with one schema for every measure:
 * each key ({@code name} or {@code name[site]}) maps to {@code {kind, unit, value, stderr, n, diagnostics}}
 * (docs/schema.md).
 */
final class MeasuresJson {
    private MeasuresJson() {}

    static void write(JsonReport r, MeasureRegistry registry, MeasureResults results) {
        ObjectNode o = r.section("measures");
        for (Map.Entry<String, Estimate> e : results.estimates().entrySet()) {
            Measure m = registry.get(OutputKeys.baseName(e.getKey()));
            Estimate x = e.getValue();
            ObjectNode n = o.putObject(e.getKey());
            n.put("kind", m.kind().key());
            n.put("unit", m.unit());
            JsonReport.number(n, "value", x.value());
            JsonReport.number(n, "stderr", x.stdErr());
            n.put("n", x.n());
            ObjectNode d = n.putObject("diagnostics");
            x.diagnostics().forEach((k, v) -> diagnostic(d, k, v));
        }
    }

    private static void diagnostic(ObjectNode d, String key, Object v) {
        if (v instanceof String s) d.put(key, s);
        else if (v instanceof Boolean b) d.put(key, b);
        else if (v instanceof Integer || v instanceof Long) d.put(key, ((Number) v).longValue());
        else if (v instanceof Number x) JsonReport.number(d, key, x.doubleValue());
        else if (v instanceof double[] a) d.set(key, JsonReport.numbers(a));
        else if (v instanceof double[][] a) {
            ArrayNode rows = d.putArray(key);
            for (double[] row : a) rows.add(JsonReport.numbers(row));
        } else {
            throw new IllegalStateException("diagnostic " + key + " of type " + v.getClass());
        }
    }
}
