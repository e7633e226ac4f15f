package org.flatlens.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.nio.file.Path;
import org.flatlens.data.AtomicFiles;
import org.flatlens.data.Dataset;
import org.flatlens.train.RunDirectory;
import org.flatlens.train.RunState;
import org.flatlens.train.TrainConfig;
import org.flatlens.train.Trainer;

/**
 * What every executor does for one {@link RunSpec}: train and track the run in a folder ({@code run.json}, the
 * {@link RunDirectory} files, {@code metrics.jsonl}, {@code tracked_samples.json}), resuming what the folder holds.
 * Serializable with its data provider and measure suite, so a distributed executor can send it to its workers.
 *
 * <p>A finished or diverged run is not trained again, an unfinished one resumes from its last checkpoint (the
 * {@link Trainer} does both). An error stopping the run, including one too large for the heap, is returned as a failed
 * result, never thrown; a folder this task created is removed again if the run failed before its first checkpoint.
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

    /**
     * Trains and tracks {@code spec} in {@code dir} (its published folder, or a private copy of it), telling
     * {@code listener} about steps and tracked points. After {@code stop} is requested the run checkpoints and returns
     * (status {@code running}); a run not yet started when it is, is not started.
     */
    public RunResult run(RunSpec spec, Path dir, SweepListener listener, StopSignal stop) {
        RunDirectory run = new RunDirectory(dir);
        if (stop.requested()) return unfinished(spec, dir);
        boolean fresh = !java.nio.file.Files.exists(dir);
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
                    spec.loss(), spec.seed()).onPoint(p -> listener.onTracked(spec, p));
            RunState s = stop.run(new Trainer(cfg, train, test, run, listener.trainListener(spec), tracker));
            return result(spec, s);
        } catch (RuntimeException | OutOfMemoryError | com.fasterxml.jackson.core.JsonProcessingException e) {
            // A run that failed before its first checkpoint leaves no folder (it would hold only run.json).
            if (fresh) run.deleteIfUnstarted();
            int step = run.hasState() ? run.readState().step() : 0;
            String m = e instanceof OutOfMemoryError ? "out of memory (Java heap of "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB; raise it with FLATLENS_JAVA_OPTS=-Xmx...)"
                    : e.getMessage();
            return RunResult.failed(spec.id(), step, m == null ? e.getClass().getSimpleName() : m.lines().findFirst()
                    .orElse(""));
        }
    }

    /**
     * What a run folder holds for a run that a stop kept from ending: status {@code running} at its last checkpoint
     * (0 without one), or the run's result if it has ended after all.
     */
    public static RunResult unfinished(RunSpec spec, Path dir) {
        RunResult ended = ended(spec, dir);
        if (ended != null) return ended;
        RunDirectory run = new RunDirectory(dir);
        return new RunResult(spec.id(), "running", run.hasState() ? run.readState().step() : 0, -1, -1, "");
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
