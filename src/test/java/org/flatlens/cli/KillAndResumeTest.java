package org.flatlens.cli;

import static org.flatlens.testutil.CliProcess.lines;
import static org.flatlens.testutil.CliProcess.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.flatlens.data.Safetensors;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.CliProcess;
import org.flatlens.testutil.SyntheticMnist;
import org.flatlens.train.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real training process at several moments, then the same command again: the run must end with
 * exactly the weights and log of an uninterrupted run.
 */
class KillAndResumeTest {
    @TempDir
    Path tmp;

    private String[] trainArgs(Path out) {
        return new String[] {"train", "--model", "mlp", "--option", "widths=24,24", "--dataset", "mnist",
                "--data-dir", tmp.resolve("data").toString(), "--classes", "0,1,2", "--lr", "0.05", "--batch", "8",
                "--steps", "400", "--checkpoint-every", "25", "--eval-every", "100", "--seed", "5",
                "--out", out.toString()};
    }

    @Test
    void killedRunResumesToTheSameResult() throws Exception {
        SyntheticMnist.write(tmp.resolve("data"), 300, 60, 11);
        Path straight = tmp.resolve("straight"), killed = tmp.resolve("killed");
        assertEquals(0, CliProcess.run(tmp, tmp.resolve("straight.log"), trainArgs(straight)),
                () -> read(tmp.resolve("straight.log")));
        int kills = 0;
        for (int killAt : new int[] {13, 61, 137, 262, 351}) {
            Process p = CliProcess.start(tmp, tmp.resolve("killed.log"), trainArgs(killed));
            Path log = killed.resolve("log.jsonl");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (p.isAlive() && lines(log) < killAt && System.nanoTime() < deadline) Thread.sleep(2);
            if (p.isAlive()) {
                p.destroyForcibly().waitFor();
                kills++;
            }
        }
        assertTrue(kills >= 3, "the process finished before it could be killed; only " + kills + " kills");
        assertEquals(0, CliProcess.run(tmp, tmp.resolve("final.log"), trainArgs(killed)),
                () -> read(tmp.resolve("final.log")));
        Map<String, Tensor> a = Safetensors.read(new RunDirectory(straight).checkpointWeights()).tensors();
        Map<String, Tensor> b = Safetensors.read(new RunDirectory(killed).checkpointWeights()).tensors();
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, v) -> assertArrayEquals(v.data(), b.get(k).data(), k));
        assertEquals(read(straight.resolve("log.jsonl")), read(killed.resolve("log.jsonl")));
        assertEquals(read(straight.resolve("eval.jsonl")), read(killed.resolve("eval.jsonl")));
    }


    @Test
    void killedSweepResumesToTheSameSummary() throws Exception {
        SyntheticMnist.write(tmp.resolve("root").resolve("mnist"), 200, 40, 12);
        Path yaml = Files.writeString(tmp.resolve("sweep.yaml"), """
                model: {arch: mlp, options: {widths: [16]}}
                dataset: mnist
                classes: [0, 1, 2]
                lr: [0.03, 0.1]
                batch_size: [8, 16]
                steps: 150
                checkpoint_every: 20
                track: {every: 50, samples: 8}
                """);
        String root = tmp.resolve("root").toString();
        Path straight = tmp.resolve("sweep-straight"), killed = tmp.resolve("sweep-killed");
        assertEquals(0, CliProcess.run(tmp, tmp.resolve("s.log"), "sweep", "--config", yaml.toString(), "--out",
                straight.toString(), "--data-root", root), () -> read(tmp.resolve("s.log")));
        int kills = 0;
        for (int killAt : new int[] {40, 170, 330, 480}) {
            Process p = CliProcess.start(tmp, tmp.resolve("k.log"), "sweep", "--config", yaml.toString(), "--out",
                    killed.toString(), "--data-root", root);
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (p.isAlive() && totalLogLines(killed) < killAt && System.nanoTime() < deadline) Thread.sleep(2);
            if (p.isAlive()) {
                p.destroyForcibly().waitFor();
                kills++;
            }
        }
        assertTrue(kills >= 2, "the sweep finished before it could be killed; only " + kills + " kills");
        assertEquals(0, CliProcess.run(tmp, tmp.resolve("k2.log"), "sweep", "--config", yaml.toString(), "--out",
                killed.toString(), "--data-root", root), () -> read(tmp.resolve("k2.log")));
        assertEquals(read(straight.resolve("summary.csv")), read(killed.resolve("summary.csv")));
        assertEquals(read(straight.resolve("checkpoints.csv")), read(killed.resolve("checkpoints.csv")));
    }

    /** Steps logged so far by all runs of a sweep folder. */
    private static long totalLogLines(Path sweep) {
        Path runs = sweep.resolve("runs");
        if (!Files.isDirectory(runs)) return 0;
        try (var s = Files.list(runs)) {
            return s.mapToLong(r -> lines(r.resolve("log.jsonl"))).sum();
        } catch (Exception e) {
            return 0;
        }
    }
}
