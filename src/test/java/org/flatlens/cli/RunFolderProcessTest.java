package org.flatlens.cli;

import static org.flatlens.testutil.CliProcess.lines;
import static org.flatlens.testutil.CliProcess.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flatlens.data.Safetensors;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.CliProcess;
import org.flatlens.testutil.SyntheticMnist;
import org.flatlens.train.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes against one folder: a second writer, SIGTERM, a full disk (issue 15, items 1 and 7). */
class RunFolderProcessTest {
    @TempDir
    Path tmp;

    private String[] trainArgs(Path out, int steps, int checkpointEvery) {
        return new String[] {"train", "--model", "mlp", "--option", "widths=24,24", "--dataset", "mnist",
                "--data-dir", tmp.resolve("data").toString(), "--classes", "0,1,2", "--lr", "0.05", "--batch", "8",
                "--steps", Integer.toString(steps), "--checkpoint-every", Integer.toString(checkpointEvery),
                "--eval-every", "100", "--seed", "5", "--out", out.toString()};
    }

    /** Regression: two trainers on one --out both exited 0 and left a log with steps twice and steps missing. */
    @Test
    void aSecondTrainerOnTheSameFolderIsRefused() throws Exception {
        SyntheticMnist.write(tmp.resolve("data"), 300, 60, 11);
        Path out = tmp.resolve("run");
        // Long enough to be still running when the second one, started later, has come up (a busy machine).
        Process first = CliProcess.start(tmp, tmp.resolve("first.log"), trainArgs(out, 200_000, 50));
        waitForLines(first, out.resolve("log.jsonl"), 5);
        assertTrue(first.isAlive(), "the first trainer is still running");
        assertEquals(2, CliProcess.run(tmp, tmp.resolve("second.log"), trainArgs(out, 200_000, 50)),
                () -> read(tmp.resolve("second.log")));
        String second = read(tmp.resolve("second.log"));
        assertTrue(second.contains("flatlens: error: " + out + " is in use by process " + first.pid() + " (started "),
                second);
        assertTrue(first.isAlive(), "the first trainer was not disturbed");
        first.destroy();
        first.waitFor();
        List<String> log = Files.readAllLines(out.resolve("log.jsonl"));
        assertEquals(new RunDirectory(out).readState().step(), log.size());
        for (int i = 0; i < log.size(); i++) assertTrue(log.get(i).startsWith("{\"step\":" + (i + 1) + ","), log.get(i));
    }

    /** Regression: two identical sweeps into one folder gave checkpoints.csv 17 rows instead of 12. */
    @Test
    void aSecondSweepIntoTheSameFolderIsRefused() throws Exception {
        SyntheticMnist.write(tmp.resolve("root").resolve("mnist"), 200, 40, 12);
        Path yaml = Files.writeString(tmp.resolve("sweep.yaml"), """
                model: {arch: mlp, options: {widths: [16]}}
                dataset: mnist
                classes: [0, 1, 2]
                lr: [0.03, 0.1]
                batch_size: 8
                steps: 100000
                track: {every: 1000, samples: 8}
                """);
        Path out = tmp.resolve("sweep");
        String[] args = {"sweep", "--config", yaml.toString(), "--out", out.toString(), "--data-root",
                tmp.resolve("root").toString()};
        Process first = CliProcess.start(tmp, tmp.resolve("first.log"), args);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (first.isAlive() && !Files.isDirectory(out.resolve("runs")) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(first.isAlive(), "the first sweep is still running");
        assertEquals(2, CliProcess.run(tmp, tmp.resolve("second.log"), args), () -> read(tmp.resolve("second.log")));
        assertTrue(read(tmp.resolve("second.log")).contains(out + " is in use by process " + first.pid()),
                read(tmp.resolve("second.log")));
        assertTrue(first.isAlive(), "the first sweep was not disturbed");
        first.destroyForcibly().waitFor();
    }

    /** Regression: SIGINT/SIGTERM lost every step since the last checkpoint. */
    @Test
    void sigtermWritesACheckpointAndTheRunResumesToTheSameResult() throws Exception {
        SyntheticMnist.write(tmp.resolve("data"), 300, 60, 11);
        Path straight = tmp.resolve("straight"), stopped = tmp.resolve("stopped");
        assertEquals(0, CliProcess.run(tmp, tmp.resolve("straight.log"), trainArgs(straight, 400, 1000)));
        Process p = CliProcess.start(tmp, tmp.resolve("stopped.log"), trainArgs(stopped, 400, 1000));
        waitForLines(p, stopped.resolve("log.jsonl"), 40);
        assertTrue(p.isAlive(), "still training when signalled");
        p.destroy(); // SIGTERM
        p.waitFor();
        String out = read(tmp.resolve("stopped.log"));
        RunDirectory run = new RunDirectory(stopped);
        assertTrue(run.hasState(), "a checkpoint was written on SIGTERM: " + out);
        int logged = Files.readAllLines(run.logFile()).size();
        assertEquals(logged, run.readState().step(), "the checkpoint holds every logged step");
        assertTrue(logged >= 40 && logged < 400, "stopped at step " + logged);
        assertTrue(out.contains("stopped at step " + logged + " by a signal"), out);
        assertEquals(0, CliProcess.run(tmp, tmp.resolve("resumed.log"), trainArgs(stopped, 400, 1000)));
        Map<String, Tensor> a = Safetensors.read(new RunDirectory(straight).checkpointWeights()).tensors();
        Map<String, Tensor> b = Safetensors.read(run.checkpointWeights()).tensors();
        a.forEach((k, v) -> assertArrayEquals(v.data(), b.get(k).data(), k));
        assertEquals(read(straight.resolve("log.jsonl")), read(stopped.resolve("log.jsonl")));
    }

    @Test
    void sigtermDuringASweepCheckpointsTheRunningRun() throws Exception {
        SyntheticMnist.write(tmp.resolve("root").resolve("mnist"), 200, 40, 12);
        Path yaml = Files.writeString(tmp.resolve("sweep.yaml"), """
                model: {arch: mlp, options: {widths: [16]}}
                dataset: mnist
                classes: [0, 1, 2]
                lr: 0.05
                batch_size: 8
                steps: 100000
                checkpoint_every: 100000
                track: {every: 100000, samples: 8}
                """);
        Path out = tmp.resolve("sweep");
        Process p = CliProcess.start(tmp, tmp.resolve("sweep.log"), "sweep", "--config", yaml.toString(), "--out",
                out.toString(), "--data-root", tmp.resolve("root").toString());
        long deadline = System.nanoTime() + 120_000_000_000L;
        Path runLog = null;
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (Files.isDirectory(out.resolve("runs"))) {
                try (var s = Files.list(out.resolve("runs"))) {
                    runLog = s.map(r -> r.resolve("log.jsonl")).findFirst().orElse(null);
                }
                if (runLog != null && lines(runLog) >= 40) break;
            }
            Thread.sleep(5);
        }
        assertTrue(p.isAlive(), "still training when signalled: " + read(tmp.resolve("sweep.log")));
        p.destroy();
        p.waitFor();
        RunDirectory run = new RunDirectory(runLog.getParent());
        assertTrue(run.hasState(), "a checkpoint was written on SIGTERM: " + read(tmp.resolve("sweep.log")));
        assertEquals(Files.readAllLines(runLog).size(), run.readState().step());
    }

    /**
     * Regression: a full disk at the first write left an empty run folder. A file-size limit of 0 (ulimit -f 0) makes
     * every write fail as a full disk would, while creating files and folders still works.
     */
    @Test
    void aFullDiskAtTheFirstWriteLeavesNoRunFolder() throws Exception {
        SyntheticMnist.write(tmp.resolve("data"), 100, 20, 11);
        Path out = tmp.resolve("full");
        List<String> cmd = new ArrayList<>(CliProcess.command(trainArgs(out, 20, 10)));
        cmd.add(1, "-XX:-UsePerfData");
        String line = String.join(" ", cmd.stream().map(s -> "'" + s.replace("'", "'\\''") + "'").toList());
        // SIGXFSZ ignored (inherited through exec), so writes fail with EFBIG instead of killing the process; the
        // output goes to a pipe, which the limit does not cover.
        Process p = new ProcessBuilder("bash", "-c", "trap '' XFSZ; ulimit -f 0; exec " + line)
                .directory(tmp.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), log);
        assertTrue(log.contains("flatlens: error: cannot ") && log.contains("file too large"), log);
        assertFalse(Files.exists(out), "no run folder is left behind");
    }

    private static void waitForLines(Process p, Path log, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (p.isAlive() && lines(log) < n && System.nanoTime() < deadline) Thread.sleep(2);
    }

}
