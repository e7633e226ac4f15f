package org.flatlens.analysis.sharpness;

import java.util.random.RandomGenerator;
import org.flatlens.analysis.linalg.Lanczos;
import org.flatlens.analysis.linalg.LanczosResult;
import org.flatlens.analysis.linalg.SpectralDensity;
import org.flatlens.analysis.linalg.StochasticLanczosQuadrature;
import org.flatlens.tensor.UserInputException;

/**
 * The top of the Hessian spectrum, {@code lambda_max} and the top-k eigenvalues (largest algebraic, THEORY.md §7), by
 * Lanczos with full reorthogonalisation for a fixed number of steps, each with its residual norm
 * {@code ||H y − θ y||} (an eigenvalue lies within it) and a converged flag; and the spectral density by stochastic
 * Lanczos quadrature.
 */
public final class HessianSpectrum {
    /** Default tolerance of the converged flags: residual ≤ 1e-4 × the largest Ritz value in magnitude. */
    public static final double DEFAULT_REL_TOL = 1e-4;

    private HessianSpectrum() {}

    /**
     * The top {@code k} eigenvalues of {@code H}.
     *
     * @param rng the source of the start vector (advanced)
     * @param k how many, ≥ 1
     * @param steps Lanczos steps (Krylov dimension), ≥ k; clamped to the number of parameters; no early stop
     * @param relTol tolerance of the converged flags
     */
    public static LanczosResult topEigenvalues(DatasetHessian h, RandomGenerator rng, int k, int steps, double relTol) {
        if (k < 1) throw new UserInputException("top-k needs k ≥ 1, got " + k);
        if (steps < k) throw new UserInputException("Lanczos needs at least k = " + k + " steps, got " + steps);
        int dim = h.template().size();
        int m = Math.min(steps, dim);
        return Lanczos.topEigenpairs(h, h.template(), rng, Math.min(k, m), m, relTol, false);
    }

    /**
     * The spectral density by SLQ: {@code starts} Rademacher start vectors of {@code steps} Lanczos steps each.
     *
     * @param rng the source of the start vectors (advanced)
     */
    public static SpectralDensity density(DatasetHessian h, RandomGenerator rng, int starts, int steps) {
        return StochasticLanczosQuadrature.estimate(h, h.template(), rng, starts, Math.min(steps, h.template().size()));
    }
}
