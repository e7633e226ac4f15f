package org.flatlens.analysis.linalg;

import java.util.random.RandomGenerator;

/**
 * The eigenvalue of largest magnitude of a symmetric operator by power iteration
 * ({@code v ← A v / ||A v||}) from a seeded Gaussian start, for a fixed number of iterations (no early stop).
 *
 * <p>Convergence is linear with ratio {@code |λ_2| / |λ_1|}; when the two largest magnitudes are close (or equal with
 * opposite signs) the residual stays large and says so. For the norm of a non-symmetric map {@code T}, apply it to
 * {@code Tᵀ T}, whose top eigenvalue is {@code ||T||_2²}. If {@code A v = 0} exactly (for a Gaussian start and
 * symmetric {@code A}, almost surely only when {@code A = 0}), {@code v} is an exact eigenvector with eigenvalue 0 and
 * the iteration stops there.
 */
public final class PowerIteration {
    private PowerIteration() {}

    /**
     * Runs {@code numIterations} products; the last one gives the Rayleigh quotient and residual of the vector returned.
     *
     * @param a a symmetric operator on vectors of {@code template}'s layout
     * @param template the layout of the domain (its values are not used)
     * @param rng the source of the start vector (advanced)
     * @param numIterations at least 1
     */
    public static DominantEigenpair dominantEigenpair(LinearOperator a, ParamVector template, RandomGenerator rng,
            int numIterations) {
        if (numIterations < 1) throw new IllegalArgumentException("numIterations must be at least 1, got " + numIterations);
        ParamVector v = ParamVector.gaussianLike(template, rng);
        v.scaleInPlace(1.0 / v.norm());
        for (int it = 1; ; it++) {
            ParamVector av = a.apply(v);
            template.requireSameLayout(av, "A v");
            double theta = v.dot(av);
            double avNorm = av.norm();
            if (!Double.isFinite(avNorm)) throw new ArithmeticException("operator returned non-finite values");
            if (it == numIterations || avNorm == 0) {
                return new DominantEigenpair(theta, av.axpy(-theta, v).norm(), v, it);
            }
            v = av.scale(1.0 / avNorm);
        }
    }
}
