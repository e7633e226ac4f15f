package org.flatlens.analysis.compression;

import org.flatlens.tensor.UserInputException;

/**
 * The paper's Gaussian-ball estimates at the input site ({@code local_dim_mc}, {@code mls_mc}, THEORY.md §4).
 *
 * @param epsilon the radius: inputs {@code x + ε ξ}, {@code ξ ~ N(0, I)}; positive
 * @param draws   m, perturbations per sample; at least 2 (a covariance needs two)
 */
public record MonteCarloOptions(double epsilon, int draws) {
    public MonteCarloOptions {
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new UserInputException("Monte Carlo epsilon must be positive and finite, got " + epsilon);
        }
        if (draws < 2) throw new UserInputException("Monte Carlo needs at least 2 draws, got " + draws);
    }
}
