package org.flatlens.train;

/**
 * Where a run stands, as saved in {@code state.json} with each checkpoint.
 *
 * @param step              the last completed step that the saved checkpoint holds
 * @param status            running, finished or diverged
 * @param interpolationStep the first evaluated step with 100% training accuracy, or -1
 * @param divergedStep      the step whose loss was not finite or exploded, or -1
 */
public record RunState(int step, Status status, int interpolationStep, int divergedStep) {
    public enum Status {
        RUNNING, FINISHED, DIVERGED;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
