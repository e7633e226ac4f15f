package org.flatlens.analysis.linalg;

/**
 * The result of {@link PowerIteration}.
 *
 * @param eigenvalue the Rayleigh quotient {@code θ = vᵀ A v} of the final unit vector (signed)
 * @param residualNorm {@code ||A v − θ v||}; some eigenvalue of a symmetric {@code A} lies within it of {@code θ}
 * @param vector the final unit vector {@code v}
 * @param iterations operator applications spent
 */
public record DominantEigenpair(double eigenvalue, double residualNorm, ParamVector vector, int iterations) {}
