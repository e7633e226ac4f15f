package org.flatlens.analysis.sharpness;

import java.util.random.RandomGenerator;
import org.flatlens.analysis.linalg.ParamVector;

/**
 * Average-case sharpness {@code E_δ[L(θ + δ)] − L(θ)} (Andriushchenko et al., "A modern look at the relationship
 * between sharpness and generalization", ICML 2023; THEORY.md §2), with {@code δ ~ N(0, ρ² I)} or, adaptive,
 * {@code δ = ρ |θ| ⊙ ξ}, {@code ξ ~ N(0, I)}. For small ρ it is about {@code ½ρ² Tr(H)} (adaptive:
 * {@code ½ρ² Tr(DHD)}).
 *
 * <p>Monte Carlo with antithetic pairs: sample i is {@code ½[L(θ + δ_i) + L(θ − δ_i)] − L(θ)}, which has the same
 * expectation (δ and −δ are equally likely) but no first-order term {@code ∇Lᵀδ}, the term that dominates the variance
 * of plain sampling away from a minimum. Each sample costs two loss evaluations over the data; mean and standard error
 * are over the pairs.
 *
 * @param mean the estimate
 * @param stdErr its standard error
 * @param samples antithetic pairs drawn
 * @param rho ρ
 * @param adaptive whether δ scales with |θ|
 */
public record AverageSharpness(double mean, double stdErr, int samples, double rho, boolean adaptive) {

    /**
     * @param rng the source of the perturbations (advanced)
     * @param samples antithetic pairs, ≥ 2
     * @param rho the perturbation scale, ≥ 0 and finite
     */
    public static AverageSharpness estimate(DatasetHessian h, RandomGenerator rng, int samples, double rho,
            boolean adaptive) {
        if (samples < 2) {
            throw new IllegalArgumentException("average sharpness needs at least 2 samples, got " + samples);
        }
        if (!(rho >= 0) || Double.isInfinite(rho)) throw new IllegalArgumentException("rho must be ≥ 0, got " + rho);
        ParamVector theta = h.theta();
        ParamVector scale = adaptive ? theta.abs() : null;
        double base = h.lossAt(theta);
        double[] x = new double[samples];
        for (int i = 0; i < samples; i++) {
            ParamVector delta = ParamVector.gaussianLike(theta, rng).scaleInPlace(rho);
            if (adaptive) delta.mulInPlace(scale);
            x[i] = 0.5 * (h.lossAt(theta.add(delta)) + h.lossAt(theta.sub(delta))) - base;
        }
        double mean = 0;
        for (double v : x) mean += v;
        mean /= samples;
        double ss = 0;
        for (double v : x) ss += (v - mean) * (v - mean);
        return new AverageSharpness(mean, Math.sqrt(ss / (samples - 1) / samples), samples, rho, adaptive);
    }
}
