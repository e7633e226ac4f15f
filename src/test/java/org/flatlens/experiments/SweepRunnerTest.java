package org.flatlens.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flatlens.testutil.Blobs;
import org.flatlens.train.TrainListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny sweep end to end on synthetic data: tracking, tables, divergence, resume. */
class SweepRunnerTest {
    @TempDir
    Path tmp;

    static final String YAML = """
            model: {arch: mlp, options: {widths: [8, 8]}}
            dataset: blobs
            lr: [0.05, 0.2, 10000.0]
            batch_size: [4, 8]
            steps: 24
            checkpoint_every: 5
            track: {every: 4, samples: 6, test_samples: 4, seed: 1}
            """;

    static final DataProvider BLOBS = (name, classes) -> new DataProvider.Splits(Blobs.twoClass(40, 1),
            Blobs.twoClass(16, 2));

    static List<RunResult> sweep(Path out, SweepListener listener, int parallel) {
        List<RunSpec> specs = SweepYaml.parse(YAML, "sweep.yaml").runSpecs();
        return new SweepRunner(out, BLOBS, MeasureSuites.standard(), new LocalExecutor(parallel), listener).run(specs);
    }

    @Test
    void runsTracksAndWritesTheTables() throws Exception {
        Path out = tmp.resolve("a");
        List<RunResult> results = sweep(out, SweepListener.NONE, 2);
        assertEquals(6, results.size());
        assertEquals(List.of("finished", "finished", "finished", "finished", "diverged", "diverged"),
                results.stream().map(RunResult::status).toList());
        List<List<String>> summary = Csv.parse(Files.readString(out.resolve(ResultsTables.SUMMARY)));
        assertEquals(7, summary.size());
        List<String> header = summary.get(0);
        assertEquals(ResultsTables.RUN_COLUMNS, header.subList(0, ResultsTables.RUN_COLUMNS.size()));
        for (String m : List.of("train_loss", "test_accuracy", "generalization_gap", "mls", "sharpness")) {
            assertTrue(header.contains(m), m);
        }
        Map<String, String> first = row(header, summary.get(1));
        assertEquals("0.05", first.get("lr"));
        assertEquals("4", first.get("batch_size"));
        assertEquals("finished", first.get("status"));
        assertEquals("24", first.get("step"));
        assertEquals("6", first.get("tracked_points"));   // steps 4, 8, ..., 24 (the last step is a multiple of 4)
        List<TrackedPoint> pts = MetricsFile.read(out.resolve("runs").resolve(first.get("id")).resolve(MetricsFile.NAME));
        assertEquals(Double.parseDouble(first.get("sharpness")), pts.get(pts.size() - 1).get("sharpness"));
        Map<String, String> diverged = row(header, summary.get(5));
        assertEquals("diverged", diverged.get("status"));
        assertTrue(Integer.parseInt(diverged.get("diverged_step")) > 0);
        List<List<String>> cps = Csv.parse(Files.readString(out.resolve(ResultsTables.CHECKPOINTS)));
        int tracked = summary.subList(1, 7).stream().mapToInt(r -> Integer.parseInt(row(header, r).get("tracked_points")))
                .sum();
        assertEquals(tracked + 1, cps.size());
        assertTrue(Files.isRegularFile(out.resolve("runs").resolve(first.get("id")).resolve(TrackedSamples.FILE)));
    }

    @Test
    void anInterruptedSweepResumesToTheSameTables() throws Exception {
        Path straight = tmp.resolve("straight"), resumed = tmp.resolve("resumed");
        sweep(straight, SweepListener.NONE, 1);
        // First attempt: one run dies in the middle of step 13 (checkpoint at 10, metrics up to step 12).
        List<RunResult> first = sweep(resumed, new SweepListener() {
            @Override
            public TrainListener trainListener(RunSpec spec) {
                return spec.lr() == 0.2 && spec.batchSize() == 4 ? TrackerTest.crashAt(13) : TrainListener.NONE;
            }
        }, 1);
        assertEquals("failed", first.get(2).status());
        assertTrue(first.get(2).error().contains("simulated crash"), first.get(2).error());
        Path finishedLog = new org.flatlens.train.RunDirectory(resumed.resolve("runs").resolve(first.get(0).id()))
                .checkpointWeights();
        long before = Files.getLastModifiedTime(finishedLog).toMillis();
        List<RunResult> second = sweep(resumed, SweepListener.NONE, 1);
        assertEquals("finished", second.get(2).status());
        assertEquals(before, Files.getLastModifiedTime(finishedLog).toMillis(), "a finished run is not trained again");
        assertEquals(Files.readString(straight.resolve(ResultsTables.SUMMARY)),
                Files.readString(resumed.resolve(ResultsTables.SUMMARY)));
        assertEquals(Files.readString(straight.resolve(ResultsTables.CHECKPOINTS)),
                Files.readString(resumed.resolve(ResultsTables.CHECKPOINTS)));
    }

    static Map<String, String> row(List<String> header, List<String> row) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) m.put(header.get(i), row.get(i));
        return m;
    }
}
