package org.flatlens.experiments;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs a sweep into {@code out}: each run trains and is tracked in {@code out/runs/<id>/} (a {@link RunTask}: the
 * {@link org.flatlens.train.RunDirectory} files, {@code metrics.jsonl}, {@code tracked_samples.json} and
 * {@code run.json}, its {@link RunSpec}), then {@code summary.csv} and {@code checkpoints.csv} are written atomically
 * ({@link ResultsTables}).
 *
 * <p>Resumable: a finished or diverged run is not trained again, an unfinished one resumes from its last checkpoint.
 * A run that fails with an error, including one too large for the heap, is recorded as failed (and its folder removed
 * if it never reached a checkpoint) and the sweep goes on. The caller holds the sweep folder's
 * {@link org.flatlens.data.FolderLock}; each run's folder is locked by its trainer. The measure suite is shared by
 * concurrent runs and must be stateless. Which executor runs the runs does not change any file.
 */
public final class SweepRunner {
    private final RunTask task;
    private final RunExecutor executor;
    private final SweepListener listener;

    public SweepRunner(Path out, DataProvider data, MeasureSuite suite, RunExecutor executor, SweepListener listener) {
        this.task = new RunTask(out, data, suite);
        this.executor = executor;
        this.listener = listener;
    }

    /**
     * Asks the sweep to stop (from a SIGINT/SIGTERM handler): running trainers checkpoint their current step and
     * return, runs not yet started are skipped; both are reported with status {@code running} and resume with the
     * next sweep. Safe to call from another thread.
     */
    public void requestStop() {
        executor.requestStop();
    }

    /** The folder of a run. */
    public Path runDir(RunSpec spec) {
        return task.runDir(spec);
    }

    /** Runs every spec (in parallel as the executor allows) and writes the tables; returns the results in order. */
    public List<RunResult> run(List<RunSpec> specs) {
        List<RunResult> results = executor.execute(specs, task, listener);
        ResultsTables.write(task.out(), specs, results, this::runDir);
        executor.tablesWritten(task.out());
        return results;
    }
}
