package org.flatlens.experiments;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flatlens.experiments.measures.MeasureSeeds;
import org.flatlens.experiments.measures.OutputKeys;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.Parameters;
import org.flatlens.train.EvalRecord;
import org.flatlens.train.RunDirectory;
import org.flatlens.train.RunState;
import org.flatlens.train.TrainHook;

/**
 * The hook that tracks a run: every {@code every} steps (and at the last), it computes a {@link MeasureSuite} on the
 * fixed {@link TrackedSamples} and appends a line to {@code metrics.jsonl} (see {@link MetricsFile}) with the
 * trainer's evaluation on the whole training and test subsets (loss, accuracy, generalization gap = train accuracy −
 * test accuracy) and whether the run is in the interpolation phase (from the first evaluated step with 100% training
 * accuracy on). The sample indices are saved in the run folder when the run starts.
 *
 * <p>The measures' randomness is seeded by {@link MeasureSeeds} from (seed, {@code "track"}, step, measure name), so a
 * resumed run records exactly the lines an uninterrupted one would; lines after the checkpoint a run resumes from are
 * dropped.
 */
public final class Tracker implements TrainHook {
    private final TrackingConfig config;
    private final TrackedSamples samples;
    private final MeasureSuite suite;
    private final LossKind loss;
    private final long seed;
    private Path file;
    private RunDirectory run;
    private java.util.function.Consumer<TrackedPoint> onPoint = p -> {};

    /**
     * @param seed seeds the measures' randomness (with the step); the run's seed is a good choice
     */
    public Tracker(TrackingConfig config, TrackedSamples samples, MeasureSuite suite, LossKind loss, long seed) {
        this.config = config;
        this.samples = samples;
        this.suite = suite;
        this.loss = loss;
        this.seed = seed;
    }

    /** Also hands every tracked point to {@code c} after it is written (the command line prints it). */
    public Tracker onPoint(java.util.function.Consumer<TrackedPoint> c) {
        onPoint = c;
        return this;
    }

    @Override
    public String describe() {
        return "tracking the measures on " + samples.train().size() + " training"
                + (samples.test() == null ? "" : " and " + samples.test().size() + " test") + " samples";
    }

    @Override
    public int interval() {
        return config.every();
    }

    @Override
    public void onStart(RunDirectory r, int fromStep) {
        run = r;
        file = r.path().resolve(MetricsFile.NAME);
        samples.saveOrVerify(r.path());
        r.truncateAfter(file, fromStep);
    }

    @Override
    public void afterStep(int step, Model model, Parameters params, RunState state, EvalRecord eval) {
        if (run == null) throw new IllegalStateException("Tracker.afterStep before onStart");
        TrackedPoint p = measure(step, model, params, eval);
        run.appendLine(file, MetricsFile.toFields(p, state.interpolationStep()));
        onPoint.accept(p);
    }

    /** The tracked point of one step (without writing it). */
    public TrackedPoint measure(int step, Model model, Parameters params, EvalRecord eval) {
        Measurements m = suite.measure(model, params, loss, samples.train(), samples.test(),
                new MeasureSeeds(seed, MeasureSeeds.TRACK, step));
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("train_loss", eval.trainLoss());
        v.put("train_accuracy", eval.trainAccuracy());
        v.put("test_loss", eval.testLoss());
        v.put("test_accuracy", eval.testAccuracy());
        v.put("generalization_gap", eval.generalizationGap());
        v.putAll(OutputKeys.flatten(m.estimates()));
        return new TrackedPoint(step, eval.interpolating(), v, m.bounds());
    }
}
