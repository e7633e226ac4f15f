package org.flatlens.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.flatlens.data.AtomicFiles;
import org.flatlens.data.Dataset;
import org.flatlens.train.RunDirectory;
import org.flatlens.train.RunState;
import org.flatlens.train.TrainConfig;
import org.flatlens.train.Trainer;

/**
 * Runs a sweep into {@code out}: each run trains and is tracked in {@code out/runs/<id>/} (a {@link RunDirectory} with
 * {@code metrics.jsonl}, {@code tracked_samples.json} and {@code run.json}, its {@link RunSpec}), then
 * {@code summary.csv} and {@code checkpoints.csv} are written atomically ({@link ResultsTables}).
 *
 * <p>Resumable: a finished or diverged run is not trained again, an unfinished one resumes from its last checkpoint
 * (the {@link Trainer} does both). A run that fails with an error is recorded as failed and the sweep goes on.
 * The measure suite is shared by concurrent runs and must be stateless.
 */
public final class SweepRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path out;
    private final DataProvider data;
    private final MeasureSuite suite;
    private final RunExecutor executor;
    private final SweepListener listener;

    public SweepRunner(Path out, DataProvider data, MeasureSuite suite, RunExecutor executor, SweepListener listener) {
        this.out = out;
        this.data = data;
        this.suite = suite;
        this.executor = executor;
        this.listener = listener;
    }

    /** The folder of a run. */
    public Path runDir(RunSpec spec) {
        return out.resolve("runs").resolve(spec.id());
    }

    /** Runs every spec (in parallel as the executor allows) and writes the tables; returns the results in order. */
    public List<RunResult> run(List<RunSpec> specs) {
        AtomicInteger started = new AtomicInteger();
        List<RunResult> results = executor.execute(specs, spec -> {
            listener.onRunStart(spec, started.getAndIncrement(), specs.size());
            RunResult r = runOne(spec);
            listener.onRunEnd(spec, r);
            return r;
        });
        ResultsTables.write(out, specs, results, this::runDir);
        return results;
    }

    private RunResult runOne(RunSpec spec) {
        RunDirectory dir = new RunDirectory(runDir(spec));
        try {
            DataProvider.Splits d = data.load(spec.dataset(), spec.classes());
            Dataset train = spec.trainSamples() > 0 ? d.train().first(Math.min(spec.trainSamples(), d.train().size()))
                    : d.train();
            Dataset test = spec.testSamples() > 0 ? d.test().first(Math.min(spec.testSamples(), d.test().size()))
                    : d.test();
            TrainConfig cfg = spec.trainConfig(train.sampleShape().dims(), train.numClasses());
            AtomicFiles.writeString(dir.path().resolve("run.json"),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(spec.describe()) + "\n");
            Tracker tracker = new Tracker(spec.track(), TrackedSamples.choose(spec.track(), train, test), suite,
                    spec.loss(), spec.seed()).onPoint(p -> listener.onTracked(spec, p));
            RunState s = new Trainer(cfg, train, test, dir, listener.trainListener(spec), tracker).run();
            return new RunResult(spec.id(), s.status().key(), s.step(), s.interpolationStep(), s.divergedStep(), "");
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            int step = dir.hasState() ? dir.readState().step() : 0;
            String m = e.getMessage();
            return RunResult.failed(spec.id(), step, m == null ? e.getClass().getSimpleName() : m.lines().findFirst()
                    .orElse(""));
        }
    }
}
