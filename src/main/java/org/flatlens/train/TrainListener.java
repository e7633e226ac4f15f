package org.flatlens.train;

/** Hears about a run's progress (the command line draws a progress bar from it). All methods default to nothing. */
public interface TrainListener {
    /** After each optimizer step, with that step's mini-batch loss and accuracy. */
    default void onStep(int step, int totalSteps, double batchLoss, double batchAccuracy) {}

    /** After each evaluation on the whole training and test subsets. */
    default void onEval(EvalRecord eval) {}

    /**
     * Before longer work between two steps, so a progress display can say what runs: {@code "evaluating"} (on the
     * whole training and test subsets) or {@code "tracking"} (the hook's measures).
     */
    default void onWork(int step, String what) {}

    /** When the run resumes from a checkpoint instead of starting anew. */
    default void onResume(int fromStep) {}

    TrainListener NONE = new TrainListener() {};
}
