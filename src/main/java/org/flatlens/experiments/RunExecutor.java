package org.flatlens.experiments;

import java.util.List;

/**
 * Runs a sweep's runs. {@link LocalExecutor} uses threads of this process; a distributed backend would ship each
 * {@link RunSpec} (a plain value with a deterministic id) to a worker that builds the same {@link RunWorker} there and
 * writes into a shared output folder.
 */
public interface RunExecutor {
    /** Trains and tracks one run into its folder; never throws for a failure of the run itself. */
    @FunctionalInterface
    interface RunWorker {
        RunResult run(RunSpec spec);
    }

    /** Runs {@code worker} on every spec and returns the results in the order of {@code specs}. */
    List<RunResult> execute(List<RunSpec> specs, RunWorker worker);
}
