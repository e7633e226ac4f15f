package org.flatlens.analysis.linalg;

import java.util.random.RandomGenerator;

/**
 * Spectral density by stochastic Lanczos quadrature (Golub &amp; Meurant 1994; Lin, Saad &amp; Yang, "Approximating
 * spectral densities of large matrices", SIAM Review 2016; Ghorbani, Krishnan &amp; Xiao 2019 for Hessians).
 *
 * <p>For a unit start vector {@code v}, {@code m} Lanczos steps give {@code T = S Θ Sᵀ}; the nodes {@code θ_j} and
 * weights {@code τ_j = S_{1j}²} form the Gauss quadrature of the measure {@code Σ_i (vᵀu_i)² δ(t − λ_i)}, exact for
 * polynomials of degree up to {@code 2m − 1}. With {@code v = z/√n}, {@code z} Rademacher, that measure is an unbiased
 * estimate of the spectral density {@code (1/n) Σ_i δ(t − λ_i)}; averaging over independent starts reduces its
 * variance. So {@code Σ_j τ_j θ_j^p} estimates {@code Tr(A^p)/n} for {@code p < 2m}, and each start's first moment is
 * exactly the Hutchinson sample {@code zᵀAz / n}.
 *
 * <p>Each start runs with full reorthogonalisation and stops early only at an invariant-subspace breakdown, where the
 * quadrature is already exact ({@link LanczosProcess}); the only randomness is the Rademacher start vectors, drawn
 * from {@code rng} in order.
 */
public final class StochasticLanczosQuadrature {
    private StochasticLanczosQuadrature() {}

    /**
     * Runs {@code numStarts} independent Lanczos quadratures of {@code numSteps} steps.
     *
     * @param a a symmetric operator on vectors of {@code template}'s layout
     * @param template the layout of the domain (its values are not used)
     * @param rng the source of the start vectors (advanced)
     * @param numStarts independent start vectors, at least 2 (so that moments have a standard error)
     * @param numSteps Lanczos steps per start, at least 1
     */
    public static SpectralDensity estimate(LinearOperator a, ParamVector template, RandomGenerator rng, int numStarts,
            int numSteps) {
        if (numStarts < 2) throw new IllegalArgumentException("numStarts must be at least 2, got " + numStarts);
        if (numSteps < 1) throw new IllegalArgumentException("numSteps must be at least 1, got " + numSteps);
        double[][] nodes = new double[numStarts][], weights = new double[numStarts][];
        int matvecs = 0;
        for (int s = 0; s < numStarts; s++) {
            ParamVector start = ParamVector.rademacherLike(template, rng);
            LanczosProcess.Run run = LanczosProcess.run(a, start, numSteps, false, rng);
            EigenDecomposition d = TridiagonalEigen.decompose(run.alpha(), run.beta());
            nodes[s] = d.values();
            weights[s] = new double[nodes[s].length];
            for (int j = 0; j < nodes[s].length; j++) weights[s][j] = d.vectors()[j][0] * d.vectors()[j][0];
            matvecs += run.matvecs();
        }
        return new SpectralDensity(nodes, weights, template.size(), matvecs);
    }
}
