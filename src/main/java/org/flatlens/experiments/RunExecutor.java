package org.flatlens.experiments;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs a sweep's runs. {@link LocalExecutor} uses threads of this process; the Spark executor (built separately,
 * found through {@link RunExecutorFactory}) ships each {@link RunSpec} (a plain value with a deterministic id) and the
 * serializable {@link RunTask} to its workers, which write into the sweep's shared folder.
 */
public interface RunExecutor extends AutoCloseable {
    /**
     * Runs {@code task} on every spec, each into {@code task.runDir(spec)} in the end, and returns the results in the
     * order of {@code specs}. A failed run is a result, not an exception. {@code listener} hears about progress in
     * this process (how much of it depends on the executor).
     */
    List<RunResult> execute(List<RunSpec> specs, RunTask task, SweepListener listener);

    /**
     * Asks the running {@link #execute} to stop soon (a SIGINT/SIGTERM): runs that did not end are returned with
     * status {@code running} and what their folders hold, and resume with the next sweep. Safe from another thread.
     */
    void requestStop();

    /** Called once {@code summary.csv} and {@code checkpoints.csv} are in {@code out}: to add other forms of them. */
    default void tablesWritten(Path out) {}

    /** Releases what the executor holds (threads, a cluster connection). */
    @Override
    default void close() {}
}
