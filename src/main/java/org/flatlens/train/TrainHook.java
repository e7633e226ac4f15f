package org.flatlens.train;

import org.flatlens.nn.Model;
import org.flatlens.nn.Parameters;

/**
 * Work done during training at fixed steps, e.g. tracking sharpness and compression measures. The {@link Trainer}
 * calls {@link #afterStep} after the update and evaluation of every step divisible by {@link #interval()}, and of the
 * last step, before that step's checkpoint is written; it evaluates on the whole training and test subsets at those
 * steps too, so the hook always sees a fresh {@link EvalRecord}.
 *
 * <p>A hook cannot change the training trajectory: it gets a copy of the parameters, and the trainer's randomness is
 * not shared with it. Output a hook appends after the checkpoint a run resumes from is lost work: {@link #onStart}
 * tells the hook that step so it can drop those lines (see {@link RunDirectory#truncateAfter}), as the trainer does with
 * its own logs.
 */
public interface TrainHook {
    /** Steps between calls (at least 1). */
    int interval();

    /**
     * Before the first step of this process: {@code fromStep} is 0 for a new run, else the checkpoint's step.
     * Not called when the run is already finished or diverged.
     */
    default void onStart(RunDirectory run, int fromStep) {}

    /**
     * After step {@code step}.
     *
     * @param params a copy of the parameters after the update (the hook may keep or modify it)
     * @param state  the run's state after this step (its interpolation step includes this step's evaluation)
     * @param eval   the evaluation on the whole training and test subsets at this step
     */
    void afterStep(int step, Model model, Parameters params, RunState state, EvalRecord eval);

    /** What the hook does, for progress displays (e.g. "tracking: trace_hessian, lambda_max, ... on 20 samples"). */
    default String describe() {
        return "tracking";
    }

    /** A hook that is never due and does nothing. */
    TrainHook NONE = new TrainHook() {
        @Override
        public int interval() {
            return Integer.MAX_VALUE;
        }

        @Override
        public void afterStep(int step, Model model, Parameters params, RunState state, EvalRecord eval) {}
    };
}
