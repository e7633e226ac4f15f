package org.flatlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep}, {@code report} and {@code train --track-every} on a tiny fake MNIST written as IDX files. */
class SweepCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** IDX files of n 28×28 images whose brightness depends on the label (0..2), so the classes separate. */
    private static void writeMnist(Path dir, String prefix, int n, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        ByteBuffer img = ByteBuffer.allocate(16 + n * 784).putInt(0x803).putInt(n).putInt(28).putInt(28);
        ByteBuffer lab = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            int label = i % 3;
            lab.put((byte) label);
            for (int p = 0; p < 784; p++) img.put((byte) Math.min(255, 60 * label + r.nextInt(60) + (p % 28 == label ? 100 : 0)));
        }
        Files.createDirectories(dir);
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), img.array());
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), lab.array());
    }

    @Test
    void sweepThenReport() throws Exception {
        Path data = tmp.resolve("data");
        writeMnist(data.resolve("mnist"), "train", 60, 1);
        writeMnist(data.resolve("mnist"), "t10k", 30, 2);
        Path yaml = tmp.resolve("sweep.yaml");
        Files.writeString(yaml, """
                model: {arch: mlp, options: {widths: [6]}}
                dataset: mnist
                classes: [0, 2]
                lr: [0.01, 0.03, 0.1]
                batch_size: 8
                steps: 12
                track: {every: 4, samples: 5}
                """);
        Path out = tmp.resolve("out");
        assertEquals(0, run("sweep", "--config", yaml.toString(), "--out", out.toString(), "--data-root",
                data.toString()), err.toString());
        assertEquals(4, Files.readAllLines(out.resolve("summary.csv")).size());
        assertTrue(Files.readString(out.resolve("sweep.yaml")).contains("classes: [0, 2]"));
        assertEquals(0, run("report", "--in", out.toString(), "--resamples", "50", "--png"), err.toString());
        assertTrue(Files.readString(out.resolve("report.html")).contains("<h2 id=\"headline\">Headline</h2>"));
        assertTrue(Files.isRegularFile(out.resolve("correlations.csv")), "the full correlation table");
        assertTrue(Files.isRegularFile(out.resolve("figures").resolve("fig-scatter.png")));
    }

    @Test
    void badSweepFileIsOneLineWithExitCode2() throws Exception {
        Path yaml = tmp.resolve("bad.yaml");
        Files.writeString(yaml, "model: {arch: mlp}\ndataset: mnist\nlr: 0.1\nbatch_size: 8\nsteps: 10\nepochs: 3\n");
        assertEquals(2, run("sweep", "--config", yaml.toString(), "--out", tmp.resolve("o").toString()));
        assertEquals(yaml + ": key 'epochs': unknown key", err.toString().strip().replace("flatlens: error: ", ""));
    }

    @Test
    void trainTracksIntoMetricsJsonl() throws Exception {
        Path data = tmp.resolve("data");
        writeMnist(data, "train", 30, 1);
        writeMnist(data, "t10k", 12, 2);
        Path out = tmp.resolve("run");
        assertEquals(0, run("train", "--model", "mlp", "--option", "widths=5,5", "--dataset", "mnist", "--data-dir",
                data.toString(), "--lr", "0.05", "--batch", "4", "--steps", "9", "--track-every", "3",
                "--track-samples", "4", "--track-test-samples", "2", "--out", out.toString()), err.toString());
        assertEquals(3, Files.readAllLines(out.resolve("metrics.jsonl")).size());
        assertTrue(Files.readString(out.resolve("tracked_samples.json")).contains("\"test\""));
    }
}
