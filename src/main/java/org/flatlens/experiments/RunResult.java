package org.flatlens.experiments;

/**
 * How one run of a sweep ended.
 *
 * @param status            {@code finished}, {@code diverged}, or {@code failed} (an error stopped it; see error)
 * @param step              the last completed step saved in a checkpoint (0 if none)
 * @param interpolationStep first evaluated step with 100% training accuracy, or -1
 * @param divergedStep      the step whose loss was not finite or exploded, or -1
 * @param error             the one-line error of a failed run, else empty
 */
public record RunResult(String id, String status, int step, int interpolationStep, int divergedStep, String error)
        implements java.io.Serializable {
    public static RunResult failed(String id, int step, String error) {
        return new RunResult(id, "failed", step, -1, -1, error == null ? "" : error);
    }
}
