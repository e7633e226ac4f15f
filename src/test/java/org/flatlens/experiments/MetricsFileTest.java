package org.flatlens.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.analysis.bounds.BoundCheck;
import org.flatlens.analysis.bounds.BoundKind;
import org.flatlens.experiments.measures.Estimate;
import org.flatlens.experiments.measures.OutputKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFileTest {
    @TempDir
    Path tmp;

    @Test
    void nonFiniteNumbersAndVacuousBoundsRoundTripAsValidJson() throws Exception {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("train_loss", 0.25);
        v.put("log_volume", Double.NEGATIVE_INFINITY);
        v.put("mls", Double.NaN);
        v.put("trace_ggn[input]", Double.POSITIVE_INFINITY);
        List<BoundCheck> b = List.of(BoundCheck.linear("bound_d", "input", 1.0, 4.0, BoundKind.THEOREM),
                BoundCheck.log("bound_vol", "2", -3.0, -1.0, BoundKind.THEOREM),
                BoundCheck.vacuous("bound_d", "conv1", 1.0, false),
                BoundCheck.identity("lemma2", "2", 2.0, 2.0 * (1 + 1e-8)),
                BoundCheck.linear("theorem3.paper", "conv1", 2.0, 1.0, BoundKind.HEURISTIC));
        TrackedPoint p = new TrackedPoint(40, true, v, b);
        String line = new ObjectMapper().writeValueAsString(MetricsFile.toFields(p, 20));
        assertFalse(line.matches(".*:(NaN|-?Infinity)[,}].*"), line);
        new ObjectMapper().readTree(line);                       // strict JSON: no bare NaN / Infinity tokens
        assertTrue(line.contains("\"rhs\":\"vacuous\""), line);
        Path f = tmp.resolve(MetricsFile.NAME);
        Files.writeString(f, line + "\n{\"step\": 41, \"torn");  // a torn last line is ignored
        List<TrackedPoint> back = MetricsFile.read(f);
        assertEquals(1, back.size());
        TrackedPoint q = back.get(0);
        assertEquals(40, q.step());
        assertTrue(q.interpolating());
        assertEquals(Double.NEGATIVE_INFINITY, q.get("log_volume"));
        assertTrue(Double.isNaN(q.get("mls")));
        assertEquals(Double.POSITIVE_INFINITY, q.get("trace_ggn[input]"));
        assertEquals(0.25, q.bounds().get(0).ratio());
        assertEquals(Math.exp(-2.0), q.bounds().get(1).ratio(), 1e-15);
        assertTrue(q.bounds().get(1).holds());
        assertTrue(q.bounds().get(2).vacuous());
        assertEquals(Double.POSITIVE_INFINITY, q.bounds().get(2).rhs());
        assertFalse(q.bounds().get(3).holds(), "an identity off by 1e-8 fails, as it did when measured");
        assertEquals(BoundKind.HEURISTIC, q.bounds().get(4).kind());
        assertEquals(b, q.bounds(), "bounds round-trip with their kind, ratio and verdict");
    }

    @Test
    void estimatesRoundTripThroughTheirFlatFieldsWithTheSchemaVersion() throws Exception {
        Map<String, Estimate> e = new LinkedHashMap<>();
        e.put("trace_hessian", new Estimate(3.5, 0.25, 20, Map.of(Estimate.ESTIMATOR, "hutch++")));
        e.put("lambda_max", new Estimate(2.0, Double.NaN, 20, Map.of(Estimate.CONVERGED, false, "residual", 1e-3)));
        e.put("mls[conv1]", new Estimate(0.5, 0.01, 6, Map.of("gm", 0.4)));
        TrackedPoint p = new TrackedPoint(8, false, OutputKeys.flatten(e), List.of());
        Map<String, Object> fields = MetricsFile.toFields(p, -1);
        assertEquals(OutputKeys.SCHEMA_VERSION, fields.get(OutputKeys.SCHEMA_VERSION_KEY));
        assertEquals(0.01, fields.get("mls_stderr[conv1]"));
        assertEquals(6L, fields.get("mls_n[conv1]"), "counts are integers in JSON");
        assertEquals(0L, fields.get("lambda_max_converged"), "flags are 1 or 0");
        Path f = tmp.resolve("est.jsonl");
        Files.writeString(f, new ObjectMapper().writeValueAsString(fields) + "\n");
        TrackedPoint q = MetricsFile.read(f).get(0);
        assertEquals(new Estimate(3.5, 0.25, 20, Map.of()), q.estimate("trace_hessian"),
                "strings stay in measure.json");
        assertEquals(e.get("lambda_max"), q.estimate("lambda_max"));
        assertEquals(new Estimate(0.5, 0.01, 6, Map.of()), q.estimate("mls[conv1]"));
        assertEquals(null, q.estimate("nmls"));
        assertFalse(q.values().containsKey(OutputKeys.SCHEMA_VERSION_KEY));
    }

    @Test
    void boundSlackAndMeasureNames() {
        assertTrue(BoundCheck.linear("t", "s", 1 + 1e-12, 1, BoundKind.THEOREM).holds(), "slack 1e-10");
        assertFalse(BoundCheck.linear("t", "s", 1 + 1e-8, 1, BoundKind.THEOREM).holds());
        assertThrows(IllegalArgumentException.class, () -> Measurements.of(Map.of("Train Loss", 1.0)));
        assertThrows(IllegalArgumentException.class, () -> Measurements.of(Map.of("step", 1.0)));
        assertThrows(IllegalArgumentException.class,
                () -> Measurements.of(Map.of("mls", 1.0)).merge(Measurements.of(Map.of("mls", 2.0))));
        assertEquals(2, Measurements.of(Map.of("nmls", 1.0)).merge(Measurements.of(Map.of("trace_ggn[2]", 2.0)))
                .values().size());
    }
}
