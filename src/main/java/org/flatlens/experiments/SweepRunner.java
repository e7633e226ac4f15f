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
 * (the {@link Trainer} does both). A run that fails with an error, including one too large for the heap, is recorded
 * as failed (and its folder removed if it never reached a checkpoint) and the sweep goes on. The caller holds the
 * sweep folder's {@link org.flatlens.data.FolderLock}; each run's folder is locked by its trainer.
 * The measure suite is shared by concurrent runs and must be stateless.
 */
public final class SweepRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path out;
    private final DataProvider data;
    private final MeasureSuite suite;
    private final RunExecutor executor;
    private final SweepListener listener;
    private final java.util.Set<Trainer> active = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean stopRequested;

    public SweepRunner(Path out, DataProvider data, MeasureSuite suite, RunExecutor executor, SweepListener listener) {
        this.out = out;
        this.data = data;
        this.suite = suite;
        this.executor = executor;
        this.listener = listener;
    }

    /**
     * Asks the sweep to stop (from a SIGINT/SIGTERM handler): running trainers checkpoint their current step and
     * return, runs not yet started are skipped; both are reported with status {@code running} and resume with the
     * next sweep. Safe to call from another thread.
     */
    public void requestStop() {
        stopRequested = true;
        for (Trainer t : active) t.requestStop();
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
        boolean fresh = !java.nio.file.Files.exists(dir.path());
        if (stopRequested) return new RunResult(spec.id(), "running", dir.hasState() ? dir.readState().step() : 0, -1,
                -1, "");
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
            Trainer trainer = new Trainer(cfg, train, test, dir, listener.trainListener(spec), tracker);
            active.add(trainer);
            if (stopRequested) trainer.requestStop(); // a stop that came while it was being set up
            RunState s;
            try {
                s = trainer.run();
            } finally {
                active.remove(trainer);
            }
            return new RunResult(spec.id(), s.status().key(), s.step(), s.interpolationStep(), s.divergedStep(), "");
        } catch (RuntimeException | OutOfMemoryError | com.fasterxml.jackson.core.JsonProcessingException e) {
            // A run that failed before its first checkpoint leaves no folder (it would hold only run.json).
            if (fresh) dir.deleteIfUnstarted();
            int step = dir.hasState() ? dir.readState().step() : 0;
            String m = e instanceof OutOfMemoryError ? "out of memory (Java heap of "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB; raise it with FLATLENS_JAVA_OPTS=-Xmx...)"
                    : e.getMessage();
            return RunResult.failed(spec.id(), step, m == null ? e.getClass().getSimpleName() : m.lines().findFirst()
                    .orElse(""));
        }
    }
}
