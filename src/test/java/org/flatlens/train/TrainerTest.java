package org.flatlens.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flatlens.data.Safetensors;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.ModelSpec;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.Blobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path tmp;


    static TrainConfig config(int steps, int checkpointEvery, double lr) {
        ModelSpec spec = new ModelSpec("mlp", Map.of("widths", List.of(8, 8)), new int[] {1, 4, 4}, 2);
        return new TrainConfig(spec, "blobs", new int[0], 0, 0, LossKind.MSE, lr, 0.0, 0.0, 8, steps, 3,
                checkpointEvery, 10);
    }

    private static Map<String, Tensor> weights(RunDirectory run) {
        return Safetensors.read(run.checkpointWeights()).tensors();
    }

    @Test
    void reachesInterpolationOnSeparableData() throws Exception {
        RunDirectory run = new RunDirectory(tmp.resolve("a"));
        RunState s = new Trainer(config(60, 30, 0.1), Blobs.twoClass(64, 1), Blobs.twoClass(32, 2), run, TrainListener.NONE).run();
        assertEquals(RunState.Status.FINISHED, s.status());
        assertTrue(s.interpolationStep() > 0, "never interpolated");
        assertTrue(Files.readString(run.logFile()).lines().count() == 60);
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() {
        RunDirectory a = new RunDirectory(tmp.resolve("a")), b = new RunDirectory(tmp.resolve("b"));
        new Trainer(config(25, 25, 0.1), Blobs.twoClass(40, 1), Blobs.twoClass(8, 2), a, TrainListener.NONE).run();
        new Trainer(config(25, 25, 0.1), Blobs.twoClass(40, 1), Blobs.twoClass(8, 2), b, TrainListener.NONE).run();
        weights(a).forEach((k, v) -> assertArrayEquals(v.data(), weights(b).get(k).data(), k));
    }

    @Test
    void resumingGivesTheSameRunAsTrainingStraightThrough() throws Exception {
        RunDirectory straight = new RunDirectory(tmp.resolve("straight"));
        new Trainer(config(23, 5, 0.1), Blobs.twoClass(40, 1), Blobs.twoClass(8, 2), straight, TrainListener.NONE).run();
        // A run stopped after step 12 (checkpoint at 10), then the same command again.
        RunDirectory resumed = new RunDirectory(tmp.resolve("resumed"));
        new Trainer(config(12, 5, 0.1).withSteps(12), Blobs.twoClass(40, 1), Blobs.twoClass(8, 2), resumed, TrainListener.NONE).run();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new Trainer(
                config(23, 5, 0.2), Blobs.twoClass(40, 1), Blobs.twoClass(8, 2), resumed, TrainListener.NONE).run(),
                "a different run in the same folder must be refused");
        assertTrue(refused.getMessage().contains("holds a different run (differs in lr)"), refused.getMessage());
        new Trainer(config(23, 5, 0.1), Blobs.twoClass(40, 1), Blobs.twoClass(8, 2), resumed, TrainListener.NONE).run();
        weights(straight).forEach((k, v) -> assertArrayEquals(v.data(), weights(resumed).get(k).data(), k));
        assertEquals(Files.readString(straight.logFile()), Files.readString(resumed.logFile()));
    }

    @Test
    void divergenceIsDetectedAndTheLastGoodCheckpointKept() {
        RunDirectory run = new RunDirectory(tmp.resolve("d"));
        RunState s = new Trainer(config(200, 2, 1e4), Blobs.twoClass(40, 1), Blobs.twoClass(8, 2), run, TrainListener.NONE).run();
        assertEquals(RunState.Status.DIVERGED, s.status());
        assertTrue(s.divergedStep() > 0);
        assertTrue(weights(run).values().stream().allMatch(Tensor::allFinite));
        assertEquals(RunState.Status.DIVERGED, run.readState().status());
    }

    @Test
    void sgdWithMomentumAndWeightDecayMatchesTorchFormula() {
        Sgd sgd = new Sgd(0.1, 0.9, 0.01);
        Tensor p = Tensor.of(new double[] {1.0, -2.0}, 2);
        Tensor g = Tensor.of(new double[] {0.5, 0.25}, 2);
        sgd.step(List.of(p), List.of(g));
        // d = g + λp = (0.51, 0.23); b = d; p = p − ηb
        assertArrayEquals(new double[] {1.0 - 0.051, -2.0 - 0.023}, p.data(), 1e-15);
        sgd.step(List.of(p), List.of(g));
        double d0 = 0.5 + 0.01 * 0.949, b0 = 0.9 * 0.51 + d0;
        assertEquals(0.949 - 0.1 * b0, p.data()[0], 1e-15);
    }
}
