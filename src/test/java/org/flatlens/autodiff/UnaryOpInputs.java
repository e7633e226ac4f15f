package org.flatlens.autodiff;

import java.util.SplittableRandom;
import org.flatlens.tensor.Tensor;

/**
 * Inputs for checking a {@link UnaryOp} on its {@link UnaryOp.Domain}, shared by the tests that iterate over
 * {@link UnaryOps#ALL}, so a new function is checked on sensible inputs without a test edit.
 */
final class UnaryOpInputs {
    private UnaryOpInputs() {}

    /**
     * Random entries of about {@code scale} in magnitude inside the domain: normal for the reals, in
     * {@code [0.5, 2)·scale} for the positive reals, of magnitude in {@code [0.2, 1.2)·scale} with random sign away from a
     * kink at 0 (so that central differences do not straddle it).
     */
    static Tensor random(UnaryOp.Domain domain, SplittableRandom r, double scale, int... dims) {
        return switch (domain) {
            case REALS -> Tensor.randn(r, dims).mul(scale);
            case POSITIVE -> Tensor.uniform(r, 0.5 * scale, 2.0 * scale, dims);
            case NONZERO -> Tensor.uniform(r, 0.2 * scale, 1.2 * scale, dims).mul(Tensor.rademacher(r, dims));
        };
    }

    /**
     * A row of extreme values inside the domain: far tails (exp(40) ≈ 2e17: where 1 − σ rounds to 0, yet every
     * intermediate of a composition stays finite) and tiny values near 0, where compositions cancel.
     */
    static double[] extremes(UnaryOp.Domain domain) {
        return switch (domain) {
            case REALS -> new double[] {-40, -20, -1e-9, 0, 1e-12, 3e-5, 20, 40};
            case POSITIVE -> new double[] {1e-12, 1e-6, 3e-5, 0.5, 1, 2, 1e6, 1e12};
            case NONZERO -> new double[] {-40, -20, -1e-9, -1e-300, 1e-12, 3e-5, 20, 40};
        };
    }
}
