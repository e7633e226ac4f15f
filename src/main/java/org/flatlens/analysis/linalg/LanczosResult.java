package org.flatlens.analysis.linalg;

import java.util.List;

/**
 * The top eigenvalues found by {@link Lanczos}, largest algebraic first.
 *
 * @param eigenvalues Ritz values {@code θ_1 ≥ … ≥ θ_k}
 * @param residualNorms {@code ||A y_i − θ_i y_i||} for the unit Ritz vectors {@code y_i}, computed with one extra product
 *     each; some eigenvalue of {@code A} lies within this distance of {@code θ_i}
 * @param converged whether {@code residualNorms[i] ≤ relTol · max_j |θ_j|} (the largest Ritz value in magnitude over
 *     the whole Krylov space, a lower bound on {@code ||A||_2})
 * @param ritzVectors the {@code y_i} when requested, else an empty list
 * @param steps Lanczos steps taken (the Krylov dimension; less than requested when the space was exhausted)
 * @param matvecs operator applications spent, residuals included
 * @param restarts restarts after an invariant-subspace breakdown
 */
public record LanczosResult(double[] eigenvalues, double[] residualNorms, boolean[] converged,
        List<ParamVector> ritzVectors, int steps, int matvecs, int restarts) {

    /** {@code θ_1}, the estimate of the largest algebraic eigenvalue ({@code lambda_max}, THEORY.md §7). */
    public double lambdaMax() {
        return eigenvalues[0];
    }

    public boolean allConverged() {
        for (boolean c : converged) if (!c) return false;
        return true;
    }
}
