package org.flatlens.experiments;

import org.flatlens.train.TrainListener;

/** Hears about a sweep's progress (the command line prints it). All methods default to nothing. */
public interface SweepListener {
    /** Before run {@code index} (0-based) of {@code total} starts, resumes, or is found finished. */
    default void onRunStart(RunSpec spec, int index, int total) {}

    /** The training listener for one run (e.g. a progress bar). */
    default TrainListener trainListener(RunSpec spec) {
        return TrainListener.NONE;
    }

    /** After each tracked step of a run, with what the tracker wrote to metrics.jsonl. */
    default void onTracked(RunSpec spec, TrackedPoint point) {}

    default void onRunEnd(RunSpec spec, RunResult result) {}

    SweepListener NONE = new SweepListener() {};
}
