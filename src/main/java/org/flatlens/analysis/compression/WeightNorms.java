package org.flatlens.analysis.compression;

/**
 * Norms of one layer's weight, computed once per analysis.
 *
 * @param spectral        {@code ||W_mat||_2}, exact (Householder tridiagonalisation and bisection on the smaller Gram
 *                        matrix); the norm in Lemma 2's {@code κ^G ≤ ||W||² S_l}
 * @param operator        {@code ||T(W)||_2}, the layer as a linear map on one sample's input: {@code spectral} for
 *                        dense and token layers (for tokens {@code T(W) = I ⊗ W}); for convolutions from Lanczos on
 *                        {@code Tᵀ T} (conv2dTranspose after conv2d) on the actual input shape
 * @param frobenius       {@code ||W||_F}
 * @param paperNorm       the norm the paper's code uses for the heuristic forms: {@code sqrt(L) ||W||_F} for
 *                        convolutions (L output positions), {@code spectral} otherwise
 * @param operatorSteps   operator applications ({@code Tᵀ T v}) spent on {@code operator}, over all Lanczos runs;
 *                        0 when exact
 * @param operatorResidual {@code ||Tᵀ T y − θ y||} of the final Ritz pair, relative to θ; 0 when exact
 */
public record WeightNorms(double spectral, double operator, double frobenius, double paperNorm, int operatorSteps,
        double operatorResidual) {}
