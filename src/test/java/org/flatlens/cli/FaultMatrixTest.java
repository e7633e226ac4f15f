package org.flatlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flatlens.data.Safetensors;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.SyntheticMnist;
import org.flatlens.train.RunDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Rows of docs/reliability.md's fault matrix that run in this process: each damaged file or impossible request ends
 * with one line naming the file, option or key, and exit code 2, before any long computation.
 */
class FaultMatrixTest {
    @TempDir
    Path tmp;

    private StringWriter err = new StringWriter();
    private Path data, runDir;

    @BeforeEach
    void trainedRun() {
        data = SyntheticMnist.write(tmp.resolve("data"), 40, 20, 3);
        runDir = tmp.resolve("run");
        assertEquals(0, run(train(runDir, "widths=4")), err::toString);
        err = new StringWriter();
    }

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    private String[] train(Path out, String option) {
        return new String[] {"train", "--model", "mlp", "--option", option, "--dataset", "mnist", "--data-dir",
                data.toString(), "--classes", "0,1", "--lr", "0.1", "--batch", "4", "--steps", "4",
                "--out", out.toString()};
    }

    private String[] measure(String... extra) {
        String[] base = {"measure", "--run", runDir.toString(), "--dataset", "mnist", "--data-dir", data.toString(),
                "--classes", "0,1", "--samples", "5", "--probes", "6", "--lanczos-steps", "3"};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    /** One line, "flatlens: error: ", mentioning each of {@code mentions}. */
    private void assertCleanError(int code, String... mentions) {
        assertEquals(2, code, err.toString());
        String e = err.toString().strip();
        String last = e.lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("flatlens: error: "), e);
        assertFalse(e.contains("\tat ") || e.contains("Exception"), "no stack trace: " + e);
        for (String m : mentions) assertTrue(last.contains(m), "'" + m + "' in: " + last);
    }

    private void editState(String from, String to) throws Exception {
        Path state = runDir.resolve("state.json");
        Files.writeString(state, Files.readString(state).replaceFirst(from, to));
    }

    /** Regression: a negative step gave "internal error: arraycopy ..." with exit 1. */
    @Test
    void negativeStepInStateJson() throws Exception {
        editState("\"step\" : \\d+", "\"step\" : -5");
        assertCleanError(run(train(runDir, "widths=4")), "state.json", "'step' must be a non-negative integer");
    }

    /** Regression: a truncated state.json gave a two-line parser error. */
    @Test
    void truncatedStateJson() throws Exception {
        Path state = runDir.resolve("state.json");
        String s = Files.readString(state);
        Files.writeString(state, s.substring(0, s.length() / 2));
        assertCleanError(run(train(runDir, "widths=4")), "state.json", "not valid JSON");
        assertEquals(1, err.toString().strip().lines().filter(l -> l.startsWith("flatlens")).count());
        assertFalse(err.toString().strip().lines().reduce((a, b) -> b).orElse("").isBlank());
    }

    @Test
    void flippedBitIsFoundByMeasure() throws Exception {
        Path w = new RunDirectory(runDir).checkpointWeights();
        byte[] b = Files.readAllBytes(w);
        b[b.length - 3] ^= 0x10;
        Files.write(w, b);
        assertCleanError(run(measure("--json", tmp.resolve("m.json").toString())), w.toString(), "corrupt checkpoint");
    }

    /** Regression: weights ×1e200 gave "matrix entry (0, 0) is Infinity", naming no file or tensor. */
    @Test
    void hugeWeightsNameTheFileAndTensor() throws Exception {
        Path w = new RunDirectory(runDir).checkpointWeights();
        Map<String, Tensor> t = new LinkedHashMap<>(Safetensors.read(w).tensors());
        t.replaceAll((k, v) -> v.mul(1e200));
        Path scaled = tmp.resolve("scaled.safetensors");
        Safetensors.write(scaled, t, Map.of());
        assertCleanError(run("measure", "--model", runDir.resolve("model.json").toString(), "--weights",
                scaled.toString(), "--dataset", "mnist", "--data-dir", data.toString(), "--classes", "0,1",
                "--samples", "5", "--probes", "6", "--top-k", "1", "--json", tmp.resolve("m.json").toString()),
                scaled.toString(), "overflow", "tensor '");
    }

    /** Regression: a data directory given as a file said "does not exist". */
    @Test
    void dataDirectoryThatIsAFile() throws Exception {
        Path f = Files.writeString(tmp.resolve("notadir"), "x");
        String[] a = train(tmp.resolve("r2"), "widths=4");
        a[java.util.Arrays.asList(a).indexOf("--data-dir") + 1] = f.toString();
        assertCleanError(run(a), f.toString(), "is a file, not a directory");
    }

    /** Regression: a directory where a data file should be said "not found". */
    @Test
    void dataFileThatIsADirectory() throws Exception {
        Path f = data.resolve("t10k-labels-idx1-ubyte");
        Files.delete(f);
        Files.createDirectory(f);
        assertCleanError(run(train(tmp.resolve("r2"), "widths=4")), f.toString(), "is a directory");
    }

    /** Regression: "mlp: unknown option 'dropout'" and "shape too large" named neither the file nor the key. */
    @Test
    void badOptionsInModelJsonNameTheFileAndKey() throws Exception {
        Path m = Files.writeString(tmp.resolve("model.json"), Files.readString(runDir.resolve("model.json"))
                .replace("\"options\" : {", "\"options\" : { \"dropout\" : 0.5,"));
        String[] a = train(tmp.resolve("r2"), "widths=4");
        String[] b = {a[0], a[1], m.toString()};
        String[] args = concat(b, java.util.Arrays.copyOfRange(a, 5, a.length));
        assertCleanError(run(args), m.toString(), "key 'options'", "dropout");
        err = new StringWriter();
        Files.writeString(m, Files.readString(runDir.resolve("model.json")).replace("\"widths\" : 4",
                "\"widths\" : 1000000000"));
        assertCleanError(run(args), m.toString(), "key 'options'", "shape too large");
    }

    /** Regression: --json naming a directory was rejected only after the whole computation. */
    @Test
    void jsonPathThatIsADirectoryIsRejectedFirst() {
        assertCleanError(run(measure("--json", tmp.toString())), tmp.toString(), "is a directory");
        assertFalse(err.toString().contains("measuring"), "nothing was computed: " + err);
    }

    /** Regression: --top-k 1000000 was rejected only after the whole computation. */
    @Test
    void topKBeyondTheParameterCountIsRejectedFirst() {
        assertCleanError(run("measure", "--run", runDir.toString(), "--dataset", "mnist", "--data-dir",
                data.toString(), "--classes", "0,1", "--samples", "5", "--top-k", "1000000", "--json",
                tmp.resolve("m.json").toString()), "--top-k 1000000", "3150 parameters");
        assertFalse(err.toString().contains("measuring"), "nothing was computed: " + err);
    }

    /** Regression: a model too large for the heap ended in OutOfMemoryError with a stack trace. */
    @Test
    void modelTooLargeForTheHeap() {
        assertCleanError(run(train(tmp.resolve("big"), "widths=2000000")), "training mlp", "parameters",
                "FLATLENS_JAVA_OPTS=-Xmx");
        assertFalse(Files.exists(tmp.resolve("big")), "no folder is left");
    }

    /** Regression: such a run inside a sweep aborted the sweep without summary.csv. */
    @Test
    void aSweepMarksARunTooLargeForTheHeapFailedAndGoesOn() throws Exception {
        Files.createDirectories(tmp.resolve("root"));
        Files.createSymbolicLink(tmp.resolve("root").resolve("mnist"), data);
        Path yaml = Files.writeString(tmp.resolve("sweep.yaml"), """
                model: {arch: mlp, options: {widths: [2000000]}}
                dataset: mnist
                classes: [0, 1]
                lr: 0.1
                batch_size: 4
                steps: 3
                track: {every: 3, samples: 4}
                """);
        Path out = tmp.resolve("sweep");
        assertEquals(1, run("sweep", "--config", yaml.toString(), "--out", out.toString(), "--data-root",
                tmp.resolve("root").toString()), err::toString);
        String summary = Files.readString(out.resolve("summary.csv"));
        assertTrue(summary.contains("failed") && summary.contains("FLATLENS_JAVA_OPTS"), summary);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
