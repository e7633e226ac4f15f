package org.flatlens.analysis.sharpness;

import java.util.random.RandomGenerator;
import org.flatlens.analysis.linalg.ExactTrace;
import org.flatlens.analysis.linalg.HutchinsonTrace;
import org.flatlens.analysis.linalg.LinearOperator;
import org.flatlens.analysis.linalg.ParamVector;
import org.flatlens.analysis.linalg.TraceEstimate;

/**
 * {@code adaptive_trace = Tr(D H D)}, {@code D = diag(|θ|)} (THEORY.md §2): the trace of the Hessian for relative,
 * per-parameter perturbations {@code δ = |θ| ⊙ u}, invariant to rescaling a parameter and its curvature together.
 * Estimated by Hutchinson with probes {@code D v}, v Rademacher (so each sample is {@code (Dv)ᵀ H (Dv)}), or exactly as
 * {@code Σ_j θ_j² H_jj} from one product per parameter.
 */
public final class AdaptiveTrace {
    private AdaptiveTrace() {}

    /**
     * @param rng the source of the probes (advanced)
     * @param probes Hessian–vector products to spend, ≥ 2
     */
    public static TraceEstimate estimate(DatasetHessian h, RandomGenerator rng, int probes) {
        ParamVector d = h.theta().abs();
        return HutchinsonTrace.estimateWithProbeMap(h, LinearOperator.diagonal(d), h.template(), rng, probes);
    }

    /** {@code Tr(D H D)} exactly, from {@code P} products. */
    public static TraceEstimate exact(DatasetHessian h) {
        return ExactTrace.trace(h.conjugateBy(h.theta().abs()), h.template());
    }
}
