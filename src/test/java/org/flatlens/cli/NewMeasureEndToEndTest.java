package org.flatlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flatlens.experiments.AnalysisMeasureSuite;
import org.flatlens.experiments.Csv;
import org.flatlens.experiments.DataProvider;
import org.flatlens.experiments.LocalExecutor;
import org.flatlens.experiments.MetricsFile;
import org.flatlens.experiments.ResultsTables;
import org.flatlens.experiments.RunSpec;
import org.flatlens.experiments.SweepAnalysis;
import org.flatlens.experiments.SweepData;
import org.flatlens.experiments.SweepListener;
import org.flatlens.experiments.SweepRunner;
import org.flatlens.experiments.SweepYaml;
import org.flatlens.experiments.TrackedPoint;
import org.flatlens.experiments.measures.Estimate;
import org.flatlens.experiments.measures.Measure;
import org.flatlens.experiments.measures.MeasureKind;
import org.flatlens.experiments.measures.MeasureRegistry;
import org.flatlens.experiments.measures.OutputKeys;
import org.flatlens.report.HtmlReport;
import org.flatlens.testutil.Blobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's promise: a new measure is one entry plus its estimator, and then it is in measure.json, in every
 * tracked line, in summary.csv and checkpoints.csv, and in the report, each time with its uncertainty where the
 * output keeps it (measure.json: {@code MeasureCommandTest}, which has the data a trained model needs).
 */
class NewMeasureEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** ||θ||₂ with a made-up uncertainty and a convergence flag, so every field of the schema is exercised. */
    static final Measure TOY = Measure.of("toy_norm", MeasureKind.SHARPNESS, "param", "||θ||", "Euclidean norm of "
            + "the parameters (a toy measure of the registry test)", (c, rng, out) -> {
                double s = 0;
                for (var t : c.params().tensors()) for (double v : t.data()) s += v * v;
                out.put(new Estimate(Math.sqrt(s), 0.25, 7, Map.of(Estimate.CONVERGED, true, "residual", 1e-9)));
            });
    static final MeasureRegistry REGISTRY = MeasureRegistry.standard().with(TOY);

    @TempDir
    Path tmp;

    @Test
    void aRegisteredMeasureAppearsInEveryOutputWithItsUncertainty() throws Exception {
        // Tracking and the sweep's tables.
        Path sweep = tmp.resolve("sweep");
        List<RunSpec> specs = SweepYaml.parse("""
                model: {arch: mlp, options: {widths: [4]}}
                dataset: blobs
                lr: [0.05, 0.1, 0.2]
                batch_size: 8
                steps: 8
                checkpoint_every: 4
                track: {every: 4, samples: 4, test_samples: 2, seed: 1}
                """, "sweep.yaml").runSpecs();
        DataProvider blobs = (name, classes) -> new DataProvider.Splits(Blobs.twoClass(24, 1), Blobs.twoClass(8, 2));
        new SweepRunner(sweep, blobs, new AnalysisMeasureSuite(new AnalysisMeasureSuite.Options(0, 0), REGISTRY),
                new LocalExecutor(1), SweepListener.NONE).run(specs);
        Path run = sweep.resolve("runs").resolve(specs.get(0).id());
        List<String> lines = Files.readAllLines(run.resolve(MetricsFile.NAME));
        assertEquals(2, lines.size());
        for (String line : lines) {
            JsonNode o = JSON.readTree(line);
            assertEquals(OutputKeys.SCHEMA_VERSION, o.get(OutputKeys.SCHEMA_VERSION_KEY).asInt());
            assertEquals(0.25, o.get("toy_norm_stderr").asDouble());
            assertEquals(7, o.get("toy_norm_n").asInt());
            assertTrue(o.get("toy_norm_n").isIntegralNumber(), "counts are written as integers");
            assertEquals(1, o.get("toy_norm_converged").asInt());
            assertTrue(o.get("toy_norm_converged").isIntegralNumber(), "flags are written as 1 or 0");
            assertTrue(o.get("toy_norm_stderr").isFloatingPointNumber());
        }
        TrackedPoint p = MetricsFile.read(run.resolve(MetricsFile.NAME)).get(1);
        Estimate e = p.estimate("toy_norm");
        assertEquals(0.25, e.stdErr());
        assertEquals(Boolean.TRUE, e.converged());
        for (String table : List.of(ResultsTables.SUMMARY, ResultsTables.CHECKPOINTS)) {
            List<String> header = Csv.parse(Files.readString(sweep.resolve(table))).get(0);
            assertTrue(header.containsAll(List.of("toy_norm", "toy_norm_stderr", "toy_norm_n", "toy_norm_converged",
                    "toy_norm_residual")), table + ": " + header);
        }
        // The report: the measure is correlated like any other (its uncertainty fields are not), and the registry
        // gives the report its label, unit and description by column.
        SweepAnalysis analysis = SweepAnalysis.analyze(SweepData.load(sweep), 50, 0.95, 1);
        String html = new HtmlReport(analysis, "").html();
        assertTrue(html.contains("toy_norm"), "toy_norm is in the report");
        assertTrue(html.contains("± 0.2500 (n 7)"), "with its standard error and draws");
        assertTrue(!html.contains("toy_norm_stderr"), "uncertainty fields are not correlated as measures");
        assertEquals("||θ||", REGISTRY.forKey("toy_norm_stderr").orElseThrow().label());

        // measure.json: MeasureCommandTest.aRegisteredMeasureIsInMeasureJsonWithItsUncertainty.
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> k = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(k::add);
        return k;
    }
}
