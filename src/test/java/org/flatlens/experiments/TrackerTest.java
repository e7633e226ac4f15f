package org.flatlens.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flatlens.data.Dataset;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.ModelSpec;
import org.flatlens.testutil.Blobs;
import org.flatlens.train.RunDirectory;
import org.flatlens.train.RunState;
import org.flatlens.train.TrainConfig;
import org.flatlens.train.TrainListener;
import org.flatlens.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackerTest {
    @TempDir
    Path tmp;


    static TrainConfig config(int steps) {
        ModelSpec spec = new ModelSpec("mlp", Map.of("widths", List.of(8, 8)), new int[] {1, 4, 4}, 2);
        return new TrainConfig(spec, "blobs", new int[0], 0, 0, LossKind.MSE, 0.1, 0, 0, 8, steps, 3, 5, 1000);
    }

    private RunState train(String name, int steps, TrackingConfig tc) {
        return train(name, steps, tc, TrainListener.NONE);
    }

    private RunState train(String name, int steps, TrackingConfig tc, TrainListener listener) {
        Dataset tr = Blobs.twoClass(40, 1), te = Blobs.twoClass(16, 2);
        Tracker t = new Tracker(tc, TrackedSamples.choose(tc, tr, te), MeasureSuites.standard(), LossKind.MSE, 3);
        return new Trainer(config(steps), tr, te, new RunDirectory(tmp.resolve(name)), listener, t).run();
    }

    /** A listener that kills the run in the middle of step {@code at} (after its log line, before its checkpoint). */
    static TrainListener crashAt(int at) {
        return new TrainListener() {
            @Override
            public void onStep(int step, int total, double loss, double acc) {
                if (step == at) throw new IllegalStateException("simulated crash at step " + at);
            }
        };
    }

    @Test
    void writesOneLinePerTrackedStepWithThePhaseAndTheSampleIndices() throws Exception {
        TrackingConfig tc = new TrackingConfig(4, 6, 4, 0);
        RunState s = train("a", 30, tc);
        List<TrackedPoint> pts = MetricsFile.read(tmp.resolve("a").resolve(MetricsFile.NAME));
        assertEquals(List.of(4, 8, 12, 16, 20, 24, 28, 30), pts.stream().map(TrackedPoint::step).toList());
        assertTrue(s.interpolationStep() > 0, "never interpolated");
        for (TrackedPoint p : pts) {
            assertEquals(p.step() >= s.interpolationStep(), p.interpolating(), "step " + p.step());
            assertEquals(p.get("train_accuracy") - p.get("test_accuracy"), p.get("generalization_gap"), 1e-15);
            for (String k : List.of("train_loss", "mls", "log_volume", "local_dim", "trace_ggn", "sharpness")) {
                assertTrue(Double.isFinite(p.get(k)), k + " at step " + p.step());
            }
        }
        assertEquals(1.0, pts.get(pts.size() - 1).get("train_accuracy"));
        int[][] idx = TrackedSamples.read(tmp.resolve("a").resolve(TrackedSamples.FILE));
        assertEquals(6, idx[0].length);
        assertEquals(4, idx[1].length);
        assertEquals(6, java.util.Arrays.stream(idx[0]).distinct().count());
    }

    @Test
    void anInterruptedRunResumesToTheSameMetrics() throws Exception {
        TrackingConfig tc = new TrackingConfig(3, 5, 0, 7);
        train("straight", 23, tc);
        // Killed during step 14: checkpoint at 10, metrics lines up to step 12 already written.
        assertThrows(IllegalStateException.class, () -> train("resumed", 23, tc, crashAt(14)));
        assertEquals(12, MetricsFile.read(tmp.resolve("resumed").resolve(MetricsFile.NAME)).get(3).step());
        train("resumed", 23, tc);
        assertEquals(Files.readString(tmp.resolve("straight").resolve(MetricsFile.NAME)),
                Files.readString(tmp.resolve("resumed").resolve(MetricsFile.NAME)));
        assertArrayEquals(TrackedSamples.read(tmp.resolve("straight").resolve(TrackedSamples.FILE))[0],
                TrackedSamples.read(tmp.resolve("resumed").resolve(TrackedSamples.FILE))[0]);
    }
}
