package org.flatlens.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.nio.file.Path;
import org.flatlens.data.AtomicFiles;
import org.flatlens.data.Dataset;
import org.flatlens.train.RunDirectory;
import org.flatlens.train.RunState;
import org.flatlens.train.TrainConfig;
import org.flatlens.train.TrainListener;
import org.flatlens.train.Trainer;

/**
 * What every executor does for one {@link RunSpec}: train and track the run in a folder ({@code run.json}, the
 * {@link RunDirectory} files, {@code metrics.jsonl}, {@code tracked_samples.json}), resuming what the folder holds.
 * Serializable with its data provider and measure suite, so a distributed executor can send it to its workers.
 *
 * <p>A finished or diverged run is not trained again, an unfinished one resumes from its last checkpoint (the
 * {@link Trainer} does both). An error stopping the run is returned as a failed result, never thrown.
 */
public final class RunTask implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String out;
    private final DataProvider data;
    private final MeasureSuite suite;

    /** @param out the sweep's folder (runs go in {@code out/runs/<id>/}) */
    public RunTask(Path out, DataProvider data, MeasureSuite suite) {
        this.out = out.toString();
        this.data = data;
        this.suite = suite;
    }

    /** The sweep's folder. */
    public Path out() {
        return Path.of(out);
    }

    /** The folder where a run is published: {@code out/runs/<id>/}. */
    public Path runDir(RunSpec spec) {
        return out().resolve("runs").resolve(spec.id());
    }

    /** Trains and tracks {@code spec} in {@code dir} (its published folder, or a private copy of it). */
    public RunResult run(RunSpec spec, Path dir, TrainListener listener) {
        RunDirectory run = new RunDirectory(dir);
        try {
            DataProvider.Splits d = data.load(spec.dataset(), spec.classes());
            Dataset train = spec.trainSamples() > 0 ? d.train().first(Math.min(spec.trainSamples(), d.train().size()))
                    : d.train();
            Dataset test = spec.testSamples() > 0 ? d.test().first(Math.min(spec.testSamples(), d.test().size()))
                    : d.test();
            TrainConfig cfg = spec.trainConfig(train.sampleShape().dims(), train.numClasses());
            AtomicFiles.writeString(dir.resolve("run.json"),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(spec.describe()) + "\n");
            Tracker tracker = new Tracker(spec.track(), TrackedSamples.choose(spec.track(), train, test), suite,
                    spec.loss(), spec.seed());
            RunState s = new Trainer(cfg, train, test, run, listener, tracker).run();
            return result(spec, s);
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            int step = run.hasState() ? run.readState().step() : 0;
            String m = e.getMessage();
            return RunResult.failed(spec.id(), step, m == null ? e.getClass().getSimpleName() : m.lines().findFirst()
                    .orElse(""));
        }
    }

    /**
     * The result recorded in a run folder whose run has ended (finished or diverged), without touching the folder;
     * null if it holds no run or an unfinished one.
     */
    public static RunResult ended(RunSpec spec, Path dir) {
        RunDirectory run = new RunDirectory(dir);
        if (!run.hasState()) return null;
        RunState s = run.readState();
        if (s.status() == RunState.Status.RUNNING || s.status() == RunState.Status.FINISHED && s.step() < spec.steps()) {
            return null;
        }
        return result(spec, s);
    }

    private static RunResult result(RunSpec spec, RunState s) {
        return new RunResult(spec.id(), s.status().key(), s.step(), s.interpolationStep(), s.divergedStep(), "");
    }
}
