package org.flatlens.analysis.sharpness;

import org.flatlens.tensor.UserInputException;

/**
 * The budgets and choices of the Hessian-based sharpness measures (the registry's estimators in
 * {@code experiments.measures} read them).
 *
 * @param probes Hessian–vector products per stochastic trace (trace_hessian, each relative_flatness layer,
 *     adaptive_trace), ≥ 6 (Hutch++ needs three thirds of at least two)
 * @param traceMethod estimator of trace_hessian; with {@code exact}, every trace-type measure is computed exactly
 *     (one product per parameter each: small models only)
 * @param topK number of top eigenvalues, ≥ 1
 * @param lanczosSteps Lanczos steps (products) for the top eigenvalues and per SLQ start, ≥ topK
 * @param lanczosRelTol tolerance of the converged flags
 * @param density whether to estimate the spectral density by SLQ
 * @param densityStarts SLQ start vectors, ≥ 2
 * @param rho perturbation scale of avg_sharpness
 * @param adaptive whether avg_sharpness perturbs by {@code ρ|θ| ⊙ ξ} (else {@code ρ ξ})
 * @param avgSamples antithetic pairs of avg_sharpness, ≥ 2
 * @param flatnessProbes Hessian–vector products of relative_flatness per linear layer, ≥ 2 (a separate budget because
 *     it is spent once per layer: at {@code probes} it dominated the cost on deep models)
 */
public record SharpnessOptions(int probes, HessianTrace.Method traceMethod, int topK, int lanczosSteps,
        double lanczosRelTol, boolean density, int densityStarts, double rho, boolean adaptive, int avgSamples,
        int flatnessProbes) {

    public SharpnessOptions {
        require(probes >= 6, "probes must be at least 6, got " + probes);
        require(topK >= 1, "top-k must be at least 1, got " + topK);
        require(lanczosSteps >= topK, "Lanczos steps (" + lanczosSteps + ") must be at least top-k (" + topK + ")");
        require(lanczosRelTol > 0, "Lanczos tolerance must be positive, got " + lanczosRelTol);
        require(densityStarts >= 2, "SLQ needs at least 2 starts, got " + densityStarts);
        require(rho >= 0 && Double.isFinite(rho), "rho must be ≥ 0 and finite, got " + rho);
        require(avgSamples >= 2, "average sharpness needs at least 2 samples, got " + avgSamples);
        require(flatnessProbes >= 2, "relative flatness needs at least 2 probes per layer, got " + flatnessProbes);
    }

    /** With relative_flatness spending {@code probes} products per layer, like every other trace. */
    public SharpnessOptions(int probes, HessianTrace.Method traceMethod, int topK, int lanczosSteps,
            double lanczosRelTol, boolean density, int densityStarts, double rho, boolean adaptive, int avgSamples) {
        this(probes, traceMethod, topK, lanczosSteps, lanczosRelTol, density, densityStarts, rho, adaptive, avgSamples,
                probes);
    }

    /** Defaults: 100 probes, Hutch++, top 5 eigenvalues from 30 Lanczos steps, no density, adaptive ρ = 0.01. */
    public static SharpnessOptions defaults() {
        return new SharpnessOptions(100, HessianTrace.Method.HUTCH_PLUS_PLUS, 5, 30, HessianSpectrum.DEFAULT_REL_TOL,
                false, 4, 0.01, true, 100);
    }

    public boolean exact() {
        return traceMethod == HessianTrace.Method.EXACT;
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new UserInputException(message);
    }
}
