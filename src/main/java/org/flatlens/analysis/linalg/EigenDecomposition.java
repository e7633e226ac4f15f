package org.flatlens.analysis.linalg;

/**
 * A symmetric eigen-decomposition {@code A = Σ_i values[i] vectors[i] vectors[i]ᵀ}.
 *
 * @param values eigenvalues in descending order
 * @param vectors {@code vectors[i]} is a unit eigenvector of {@code values[i]}; together they are orthonormal
 */
public record EigenDecomposition(double[] values, double[][] vectors) {}
