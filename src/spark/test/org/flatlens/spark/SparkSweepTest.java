package org.flatlens.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.flatlens.experiments.Csv;
import org.flatlens.experiments.DataProvider;
import org.flatlens.experiments.LocalExecutor;
import org.flatlens.experiments.MeasureSuites;
import org.flatlens.experiments.ResultsTables;
import org.flatlens.experiments.RunAttempt;
import org.flatlens.experiments.RunExecutor;
import org.flatlens.experiments.RunResult;
import org.flatlens.experiments.RunSpec;
import org.flatlens.experiments.SweepListener;
import org.flatlens.experiments.SweepRunner;
import org.flatlens.experiments.SweepYaml;
import org.flatlens.testutil.Blobs;
import org.flatlens.train.TrainListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark executor in Spark's local mode against the local executor on a 4-run sweep of synthetic data (two runs
 * finish, two diverge): the same tables and run folders byte for byte, a retried task, a run that fails on every try,
 * and a resumed sweep. One Spark context, {@code local[2,2]}: two task slots and two tries per task.
 */
class SparkSweepTest {
    static final String YAML = """
            model: {arch: mlp, options: {widths: [8, 8]}}
            dataset: blobs
            lr: [0.05, 10000.0]
            batch_size: [4, 8]
            steps: 24
            checkpoint_every: 5
            track: {every: 4, samples: 6, test_samples: 4, seed: 1}
            """;
    static final List<RunSpec> SPECS = SweepYaml.parse(YAML, "sweep.yaml").runSpecs();

    /** Loads counted across the worker threads of the local master (the same JVM). */
    static final AtomicInteger LOADS = new AtomicInteger();
    static final DataProvider BLOBS = (name, classes) -> {
        LOADS.incrementAndGet();
        if (!name.equals("blobs")) throw new IllegalArgumentException("no dataset '" + name + "'");
        return new DataProvider.Splits(Blobs.twoClass(40, 1), Blobs.twoClass(16, 2));
    };
    /** Fails its first load only: the first task to start throws once and is tried again. */
    static final AtomicInteger FLAKY_LOADS = new AtomicInteger();
    static final DataProvider FLAKY = (name, classes) -> {
        if (FLAKY_LOADS.getAndIncrement() == 0) throw new IllegalStateException("simulated lost worker");
        return BLOBS.load(name, classes);
    };

    @TempDir
    static Path tmp;
    static SparkExecutor spark;
    static Path reference;

    @BeforeAll
    static void start() {
        reference = tmp.resolve("local");
        sweep(reference, BLOBS, new LocalExecutor(1), SPECS, SweepListener.NONE);
        spark = new SparkExecutor("local[2,2]");
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.close();
    }

    static List<RunResult> sweep(Path out, DataProvider data, RunExecutor executor, List<RunSpec> specs,
            SweepListener listener) {
        return new SweepRunner(out, data, MeasureSuites.standard(), executor, listener).run(specs);
    }

    @Test
    void writesTheSameTablesAndRunFoldersAsTheLocalExecutorAndRecordsTheDivergedRuns() throws IOException {
        Path out = tmp.resolve("spark");
        List<RunResult> results = sweep(out, BLOBS, spark, SPECS, SweepListener.NONE);
        assertEquals(List.of("finished", "finished", "diverged", "diverged"),
                results.stream().map(RunResult::status).toList());
        assertSameFiles(reference, out);
        assertFalse(Files.exists(RunAttempt.attemptsDir(out)), "attempt folders are cleaned up");
    }

    @Test
    void writesTheSummaryAsParquetWithTheSameValues() throws IOException {
        Path out = tmp.resolve("parquet");
        sweep(out, BLOBS, spark, SPECS, SweepListener.NONE);
        List<List<String>> csv = Csv.parse(Files.readString(out.resolve(ResultsTables.SUMMARY)));
        List<Row> rows = SparkSession.active().read().parquet(out.resolve(SummaryParquet.NAME).toString())
                .collectAsList();
        List<String> header = csv.get(0);
        assertArrayEquals(header.toArray(), SparkSession.active().read().parquet(out.resolve(SummaryParquet.NAME)
                .toString()).columns());
        assertEquals(csv.size() - 1, rows.size());
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < header.size(); c++) {
                String field = csv.get(r + 1).get(c);
                Object v = rows.get(r).get(c);
                if (v instanceof Double d) {
                    assertEquals(Double.doubleToRawLongBits(Csv.parseNumber(field)), Double.doubleToRawLongBits(d),
                            header.get(c));
                } else if (v == null) {
                    assertEquals("", field, header.get(c));
                } else {
                    assertEquals(field, v.toString(), header.get(c));
                }
            }
        }
        assertTrue(rows.get(0).get(header.indexOf("sharpness")) instanceof Double);
        assertTrue(rows.get(0).get(header.indexOf("step")) instanceof Long);
    }

    @Test
    void aTaskThatThrowsOnceSucceedsOnItsRetry() throws IOException {
        Path out = tmp.resolve("retried");
        FLAKY_LOADS.set(0);
        List<RunResult> results = sweep(out, FLAKY, spark, SPECS, SweepListener.NONE);
        assertEquals(SPECS.size() + 1, FLAKY_LOADS.get(), "one load failed, and its run was loaded again");
        assertTrue(results.stream().noneMatch(r -> r.status().equals("failed")));
        assertSameFiles(reference, out);
    }

    @Test
    void aRunThatFailsOnEveryTryIsRecordedAndTheSweepGoesOn() throws IOException {
        Path out = tmp.resolve("failing");
        List<RunSpec> specs = new ArrayList<>(SPECS);
        RunSpec s = specs.get(1);
        specs.set(1, new RunSpec(s.arch(), s.options(), "missing", s.classes(), s.loss(), s.lr(), s.batchSize(),
                s.steps(), s.seed(), s.momentum(), s.weightDecay(), s.trainSamples(), s.testSamples(),
                s.checkpointEvery(), s.track()));
        int before = LOADS.get();
        List<RunResult> results = sweep(out, BLOBS, spark, specs, SweepListener.NONE);
        assertEquals(List.of("finished", "failed", "diverged", "diverged"),
                results.stream().map(RunResult::status).toList());
        assertEquals("no dataset 'missing'", results.get(1).error());
        assertEquals(specs.size() + 1, LOADS.get() - before, "the failing run was tried twice");
        List<List<String>> summary = Csv.parse(Files.readString(out.resolve(ResultsTables.SUMMARY)));
        assertEquals("failed", summary.get(2).get(ResultsTables.RUN_COLUMNS.indexOf("status")));
        assertFalse(Files.exists(out.resolve("runs").resolve(specs.get(1).id())), "nothing to publish");
    }

    @Test
    void resumesASweepThatTheLocalExecutorLeftUnfinished() throws IOException {
        Path out = tmp.resolve("resumed");
        // The local executor dies in the middle of step 13 of the first run (checkpoint at 10).
        List<RunResult> first = sweep(out, BLOBS, new LocalExecutor(1), SPECS, new SweepListener() {
            @Override
            public TrainListener trainListener(RunSpec spec) {
                return spec.equals(SPECS.get(0)) ? crashAt(13) : TrainListener.NONE;
            }
        });
        assertEquals("failed", first.get(0).status());
        assertEquals(10, first.get(0).step());
        sweep(out, BLOBS, spark, SPECS, SweepListener.NONE);
        assertSameFiles(reference, out);
    }

    @Test
    void countsTriesAsSparkDoes() {
        SparkConf none = new SparkConf(false), three = new SparkConf(false).set("spark.task.maxFailures", "3");
        assertEquals(2, SparkExecutor.tries("local[2,2]", none));
        assertEquals(5, SparkExecutor.tries("local[*, 5]", none));
        assertEquals(1, SparkExecutor.tries("local[2]", none));
        assertEquals(1, SparkExecutor.tries("local", none));
        assertEquals(4, SparkExecutor.tries("spark://host:7077", none));
        assertEquals(3, SparkExecutor.tries("yarn", three));
        assertEquals(3, SparkExecutor.tries("local-cluster[2,1,1024]", three));
        assertEquals(2, spark.tries());
    }

    static TrainListener crashAt(int at) {
        return new TrainListener() {
            @Override
            public void onStep(int step, int total, double loss, double acc) {
                if (step == at) throw new IllegalStateException("simulated crash at step " + at);
            }
        };
    }

    /** The tables and every file of every run folder, byte for byte; nothing else of the sweep's folder. */
    static void assertSameFiles(Path expected, Path actual) throws IOException {
        Map<String, byte[]> e = files(expected), a = files(actual);
        assertEquals(e.keySet(), a.keySet());
        for (String k : e.keySet()) assertArrayEquals(e.get(k), a.get(k), k);
        assertTrue(e.containsKey(ResultsTables.SUMMARY) && e.containsKey(ResultsTables.CHECKPOINTS));
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String k = root.relativize(p).toString();
                if (k.startsWith(SummaryParquet.NAME)) continue;   // the local executor writes none
                m.put(k, Files.readAllBytes(p));
            }
        }
        return m;
    }
}
