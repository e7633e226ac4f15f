package org.flatlens.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.flatlens.train.TrainListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attempts of a distributed executor: private folders, atomic publication, retries, resumption. */
class RunAttemptTest {
    @TempDir
    Path tmp;

    static final RunSpec SPEC = SweepYaml.parse(SweepRunnerTest.YAML, "sweep.yaml").runSpecs().get(0);
    static final DataProvider FAILING = (name, classes) -> {
        throw new IllegalArgumentException("no data here");
    };

    RunTask task(Path out, DataProvider data) {
        return new RunTask(out, data, MeasureSuites.standard());
    }

    /** The run trained in place, as the local executor does. */
    Path straight() {
        RunTask t = task(tmp.resolve("straight"), SweepRunnerTest.BLOBS);
        assertEquals("finished", t.run(SPEC, t.runDir(SPEC), SweepListener.NONE, new StopSignal()).status());
        return t.runDir(SPEC);
    }

    @Test
    void publishesTheSameFolderAsATrainingInPlaceAndLeavesNoPrivateFolder() throws IOException {
        RunTask t = task(tmp.resolve("a"), SweepRunnerTest.BLOBS);
        RunResult r = RunAttempt.run(t, SPEC, "attempt-1", false);
        assertEquals("finished", r.status());
        assertSameFiles(straight(), t.runDir(SPEC));
        try (Stream<Path> s = Files.list(RunAttempt.attemptsDir(t.out()).resolve(SPEC.id()))) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void aSecondAttemptAtAnEndedRunReadsItAndWritesNothing() throws IOException {
        RunTask t = task(tmp.resolve("b"), SweepRunnerTest.BLOBS);
        RunResult first = RunAttempt.run(t, SPEC, "attempt-1", true);
        Path state = t.runDir(SPEC).resolve("state.json");
        long before = Files.getLastModifiedTime(state).toMillis();
        RunResult again = RunAttempt.run(t, SPEC, "attempt-2", true);
        assertEquals(first, again);
        assertEquals(before, Files.getLastModifiedTime(state).toMillis());
        assertFalse(Files.exists(RunAttempt.attemptsDir(t.out()).resolve(SPEC.id()).resolve("attempt-2")));
    }

    @Test
    void concurrentAttemptsPublishOneCompleteFolder() throws Exception {
        RunTask t = task(tmp.resolve("c"), SweepRunnerTest.BLOBS);
        List<CompletableFuture<RunResult>> attempts = List.of(
                CompletableFuture.supplyAsync(() -> RunAttempt.run(t, SPEC, "attempt-1", true)),
                CompletableFuture.supplyAsync(() -> RunAttempt.run(t, SPEC, "attempt-2", true)));
        assertEquals(attempts.get(0).get(), attempts.get(1).get());
        assertSameFiles(straight(), t.runDir(SPEC));
        try (Stream<Path> s = Files.list(RunAttempt.attemptsDir(t.out()).resolve(SPEC.id()))) {
            assertEquals(0, s.count(), "the losing attempt dropped its folder");
        }
    }

    @Test
    void resumesAnUnfinishedPublishedRunAndReplacesIt() throws IOException {
        RunTask t = task(tmp.resolve("d"), SweepRunnerTest.BLOBS);
        RunResult crashed = t.run(SPEC, t.runDir(SPEC), new SweepListener() {
            @Override
            public TrainListener trainListener(RunSpec spec) {
                return TrackerTest.crashAt(13);
            }
        }, new StopSignal());
        assertEquals("failed", crashed.status());
        assertEquals(10, crashed.step());
        assertEquals("finished", RunAttempt.run(t, SPEC, "attempt-1", true).status());
        assertSameFiles(straight(), t.runDir(SPEC));
    }

    @Test
    void aFailedRunIsThrownForAnotherTryAndRecordedOnTheLast() {
        RunTask t = task(tmp.resolve("e"), FAILING);
        RunAttempt.RetryableFailure e = assertThrows(RunAttempt.RetryableFailure.class,
                () -> RunAttempt.run(t, SPEC, "attempt-1", false));
        assertTrue(e.getMessage().contains("no data here"), e.getMessage());
        RunResult last = RunAttempt.run(t, SPEC, "attempt-2", true);
        assertEquals(RunResult.failed(SPEC.id(), 0, "no data here"), last);
        assertFalse(Files.exists(t.runDir(SPEC)));
    }

    @Test
    void theTaskTravelsAsBytes() throws Exception {
        RunTask t = task(tmp.resolve("f"), new FileDataProvider(tmp.resolve("data")));
        var bytes = new java.io.ByteArrayOutputStream();
        try (var o = new java.io.ObjectOutputStream(bytes)) {
            o.writeObject(t);
            o.writeObject(SPEC);
        }
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            RunTask back = (RunTask) in.readObject();
            RunSpec spec = (RunSpec) in.readObject();
            assertEquals(SPEC.id(), spec.id());
            assertEquals(t.runDir(SPEC), back.runDir(spec));
        }
    }

    static void assertSameFiles(Path expected, Path actual) throws IOException {
        Map<String, byte[]> e = files(expected), a = files(actual);
        assertEquals(e.keySet(), a.keySet());
        for (String k : e.keySet()) assertArrayEquals(e.get(k), a.get(k), k);
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) m.put(root.relativize(p).toString(), Files.readAllBytes(p));
        }
        return m;
    }
}
