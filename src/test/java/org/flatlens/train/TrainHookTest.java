package org.flatlens.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flatlens.autodiff.Autodiff;
import org.flatlens.autodiff.Var;
import org.flatlens.data.Safetensors;
import org.flatlens.nn.Losses;
import org.flatlens.nn.Model;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.Blobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainHookTest {
    @TempDir
    Path tmp;

    /** Records its calls, does real work on the parameters it is given, then scribbles over them. */
    static final class BusyHook implements TrainHook {
        final int every;
        final List<Integer> steps = new ArrayList<>();
        final List<Integer> starts = new ArrayList<>();
        RunDirectory run;

        BusyHook(int every) {
            this.every = every;
        }

        @Override
        public int interval() {
            return every;
        }

        @Override
        public void onStart(RunDirectory r, int fromStep) {
            run = r;
            starts.add(fromStep);
            r.truncateAfter(r.path().resolve("hook.jsonl"), fromStep);
        }

        @Override
        public void afterStep(int step, Model model, Parameters params, RunState state, EvalRecord eval) {
            assertNotNull(eval, "the trainer evaluates at every hook step");
            assertEquals(step, eval.step());
            Map<String, Var> vars = params.vars(true);
            Var out = model.forward(vars, Var.constant(Blobs.twoClass(4, 9).all().x()), null);
            Autodiff.gradValues(Losses.mse(out, Tensor.zeros(4, 2)), List.copyOf(vars.values()));
            for (Tensor t : params.tensors()) t.scaleInPlace(0.0);
            steps.add(step);
            run.appendLine(run.path().resolve("hook.jsonl"), Map.of("step", step, "acc", eval.trainAccuracy()));
        }
    }

    private static Map<String, Tensor> weights(RunDirectory run) {
        return Safetensors.read(run.checkpointWeights()).tensors();
    }

    @Test
    void hookIsCalledAtItsIntervalAndTheLastStepWithoutChangingTheTrajectory() throws Exception {
        RunDirectory plain = new RunDirectory(tmp.resolve("plain")), hooked = new RunDirectory(tmp.resolve("hooked"));
        new Trainer(TrainerTest.config(23, 5, 0.1), Blobs.twoClass(40, 1), Blobs.twoClass(8, 2), plain,
                TrainListener.NONE).run();
        BusyHook hook = new BusyHook(7);
        new Trainer(TrainerTest.config(23, 5, 0.1), Blobs.twoClass(40, 1), Blobs.twoClass(8, 2), hooked,
                TrainListener.NONE, hook).run();
        assertEquals(List.of(7, 14, 21, 23), hook.steps);
        assertEquals(List.of(0), hook.starts);
        weights(plain).forEach((k, v) -> assertArrayEquals(v.data(), weights(hooked).get(k).data(), k));
        assertEquals(Files.readString(plain.logFile()), Files.readString(hooked.logFile()));
    }

    @Test
    void onResumeTheHookLinesAfterTheCheckpointAreDropped() throws Exception {
        RunDirectory straight = new RunDirectory(tmp.resolve("straight"));
        new Trainer(TrainerTest.config(23, 5, 0.1), Blobs.twoClass(40, 1), Blobs.twoClass(8, 2), straight,
                TrainListener.NONE, new BusyHook(3)).run();
        RunDirectory resumed = new RunDirectory(tmp.resolve("resumed"));
        // Stopped after step 13 (hook lines up to 12 written, checkpoint at 10), then the full command again.
        new Trainer(TrainerTest.config(13, 5, 0.1), Blobs.twoClass(40, 1), Blobs.twoClass(8, 2), resumed,
                TrainListener.NONE, new BusyHook(3)).run();
        rewindTo(resumed, 10);
        BusyHook second = new BusyHook(3);
        new Trainer(TrainerTest.config(23, 5, 0.1), Blobs.twoClass(40, 1), Blobs.twoClass(8, 2), resumed,
                TrainListener.NONE, second).run();
        assertEquals(List.of(10), second.starts);
        assertEquals(Files.readString(straight.path().resolve("hook.jsonl")),
                Files.readString(resumed.path().resolve("hook.jsonl")));
        weights(straight).forEach((k, v) -> assertArrayEquals(v.data(), weights(resumed).get(k).data(), k));
    }

    /** Makes the run look as if it had been killed after step 13 with its last checkpoint at step {@code step}. */
    private void rewindTo(RunDirectory run, int step) throws Exception {
        // Train a copy to `step` and take its checkpoint and state: what the killed process had saved.
        RunDirectory ref = new RunDirectory(tmp.resolve("ref" + step));
        new Trainer(TrainerTest.config(step, 5, 0.1), Blobs.twoClass(40, 1), Blobs.twoClass(8, 2), ref,
                TrainListener.NONE).run();
        Path ck = run.path().resolve("checkpoints");
        try (var s = Files.walk(ck)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Path src = ref.path().resolve("checkpoints");
        try (var s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path dst = ck.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(dst);
                else Files.copy(p, dst);
            }
        }
        Files.writeString(run.path().resolve("state.json"),
                Files.readString(ref.path().resolve("state.json")).replace("\"finished\"", "\"running\""));
    }
}
