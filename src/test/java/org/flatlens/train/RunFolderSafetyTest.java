package org.flatlens.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.data.Dataset;
import org.flatlens.data.FolderLock;
import org.flatlens.data.Safetensors;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.Models;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Tensor;
import org.flatlens.tensor.UserInputException;
import org.flatlens.testutil.Blobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run folder promises (issue 15): the weights its state names, intact checkpoints, one writer, no leftovers. */
class RunFolderSafetyTest {
    @TempDir
    Path tmp;

    private static final Dataset TRAIN = Blobs.twoClass(40, 1), TEST = Blobs.twoClass(8, 2);

    private static TrainConfig config(int steps, int checkpointEvery, double lr, double momentum) {
        ModelSpec spec = new ModelSpec("mlp", Map.of("widths", List.of(8, 8)), new int[] {1, 4, 4}, 2);
        return new TrainConfig(spec, "blobs", new int[0], 0, 0, LossKind.MSE, lr, momentum, 0.0, 8, steps, 3,
                checkpointEvery, 10);
    }

    private static RunState train(TrainConfig c, RunDirectory run) {
        return new Trainer(c, TRAIN, TEST, run, TrainListener.NONE).run();
    }

    private static Map<String, Tensor> weights(RunDirectory run) {
        return Safetensors.read(run.checkpointWeights()).tensors();
    }

    /**
     * Regression: a diverged run named the step before the divergence as its last good checkpoint, while state.json
     * and the folder held an older one; before any checkpoint it saved the initialisation under that step's name.
     */
    @Test
    void aDivergedRunHoldsTheWeightsOfTheStepItNames() {
        List<RunState> seen = new ArrayList<>();
        for (double lr : new double[] {1e4, 3, 1.5, 0.8}) {
            TrainConfig c = config(300, 7, lr, 0.9);
            RunDirectory run = new RunDirectory(tmp.resolve("lr" + lr));
            RunState s = train(c, run);
            if (s.status() != RunState.Status.DIVERGED) continue;
            seen.add(s);
            assertEquals(s.step(), run.readState().step(), "state.json and the result name the same step");
            assertTrue(run.checkpointWeights().toString().contains(String.format("step-%09d", s.step())));
            Map<String, Tensor> expected;
            if (s.step() == 0) {
                expected = Models.build(c.model()).init(new SplittableRandom(c.seed())).asMap();
            } else {
                RunDirectory straight = new RunDirectory(tmp.resolve("straight" + lr));
                assertEquals(RunState.Status.FINISHED, train(c.withSteps(s.step()), straight).status());
                expected = weights(straight);
            }
            Map<String, Tensor> kept = weights(run);
            expected.forEach((k, v) -> assertArrayEquals(v.data(), kept.get(k).data(), "lr " + lr + ": " + k));
        }
        assertTrue(seen.stream().anyMatch(s -> s.step() == 0), "a case diverging before its first checkpoint: " + seen);
        assertTrue(seen.stream().anyMatch(s -> s.step() > 0 && s.divergedStep() > s.step() + 1),
                "a case diverging between checkpoints: " + seen);
    }

    /** Regression: a NaN written into a checkpoint was reported on resume as divergence and marked the run diverged. */
    @Test
    void nonFiniteWeightsInACheckpointAreCorruptionNotDivergence() throws Exception {
        RunDirectory run = new RunDirectory(tmp.resolve("nan"));
        train(config(10, 5, 0.1, 0), run);
        Path w = run.checkpointWeights();
        Map<String, Tensor> t = new LinkedHashMap<>(weights(run));
        String first = t.keySet().iterator().next();
        t.get(first).data()[3] = Double.NaN;
        Safetensors.write(w, t, Map.of());
        dropChecksums(run); // as a folder written before checksums were recorded: only the NaN check remains
        UserInputException e = assertThrows(UserInputException.class, () -> train(config(20, 5, 0.1, 0), run));
        assertTrue(e.getMessage().contains(w.toString()) && e.getMessage().contains(first)
                && e.getMessage().contains("corrupt checkpoint"), e.getMessage());
        assertEquals(RunState.Status.FINISHED, run.readState().status(), "the run is not marked diverged");
    }

    @Test
    void aFlippedBitInACheckpointIsFoundOnResume() throws Exception {
        RunDirectory run = new RunDirectory(tmp.resolve("bit"));
        train(config(10, 5, 0.1, 0), run);
        Path w = run.checkpointWeights();
        byte[] b = Files.readAllBytes(w);
        b[b.length - 20] ^= 0x01; // a low mantissa bit of a weight: the value stays finite and plausible
        Files.write(w, b);
        UserInputException e = assertThrows(UserInputException.class, () -> train(config(20, 5, 0.1, 0), run));
        assertTrue(e.getMessage().startsWith(w + ": corrupt checkpoint (its SHA-256 differs"), e.getMessage());
        assertThrows(UserInputException.class, run::verifyCheckpoint);
    }

    @Test
    void aSecondWriterIsRefusedAndToldWhoHoldsTheFolder() {
        Path dir = tmp.resolve("locked");
        try (FolderLock held = new RunDirectory(dir).lock()) {
            UserInputException e = assertThrows(UserInputException.class,
                    () -> train(config(5, 5, 0.1, 0), new RunDirectory(dir)));
            assertTrue(e.getMessage().startsWith(dir + " is in use by process " + ProcessHandle.current().pid()
                    + " (started "), e.getMessage());
        }
        assertEquals(RunState.Status.FINISHED, train(config(5, 5, 0.1, 0), new RunDirectory(dir)).status(),
                "released when the holder ends");
    }

    /** Regression: temporary files of a writer killed mid-write stayed in the folder for good. */
    @Test
    void temporaryFilesOfAKilledWriterAreRemovedOnTheNextRun() throws Exception {
        RunDirectory run = new RunDirectory(tmp.resolve("tmpfiles"));
        train(config(10, 5, 0.1, 0), run);
        Path a = Files.writeString(run.path().resolve(".config.json4417288417.tmp"), "{");
        Path b = Files.writeString(run.checkpointWeights().resolveSibling(".model.safetensors.3f2a.tmp"), "x");
        train(config(12, 5, 0.1, 0), run);
        assertFalse(Files.exists(a) || Files.exists(b));
    }

    /** Regression: a run that failed at its first write (a full disk) left an empty folder. */
    @Test
    void aRunThatFailsBeforeItsFirstCheckpointLeavesNoFolder() {
        Path dir = tmp.resolve("failing");
        TrainHook failing = new TrainHook() {
            @Override
            public int interval() {
                return 1;
            }

            @Override
            public void onStart(RunDirectory run, int fromStep) {
                throw new java.io.UncheckedIOException("cannot write x: no space left on device",
                        new java.io.IOException("no space left on device"));
            }

            @Override
            public void afterStep(int step, org.flatlens.nn.Model model, Parameters params, RunState state,
                    EvalRecord eval) {}
        };
        assertThrows(java.io.UncheckedIOException.class,
                () -> new Trainer(config(5, 5, 0.1, 0), TRAIN, TEST, new RunDirectory(dir), TrainListener.NONE,
                        failing).run());
        assertFalse(Files.exists(dir), "the folder the trainer created is removed again");
    }

    @Test
    void aStopRequestWritesACheckpointOfTheCurrentStep() {
        RunDirectory run = new RunDirectory(tmp.resolve("stop"));
        Trainer[] self = new Trainer[1];
        TrainListener stopAt13 = new TrainListener() {
            @Override
            public void onStep(int step, int total, double loss, double acc) {
                if (step == 13) self[0].requestStop();
            }
        };
        self[0] = new Trainer(config(40, 100, 0.1, 0.9), TRAIN, TEST, run, stopAt13);
        RunState s = self[0].run();
        assertEquals(13, s.step());
        assertEquals(RunState.Status.RUNNING, s.status());
        assertEquals(13, run.readState().step());
        train(config(40, 100, 0.1, 0.9), run);
        RunDirectory straight = new RunDirectory(tmp.resolve("stop-straight"));
        train(config(40, 100, 0.1, 0.9), straight);
        weights(straight).forEach((k, v) -> assertArrayEquals(v.data(), weights(run).get(k).data(), k));
    }

    private static void dropChecksums(RunDirectory run) throws Exception {
        Path state = run.path().resolve("state.json");
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) RunDirectory.JSON.readTree(Files.readString(state));
        node.remove("sha256");
        Files.writeString(state, node.toPrettyString());
    }
}
