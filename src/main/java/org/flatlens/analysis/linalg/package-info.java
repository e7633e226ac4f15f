/**
 * All of the project's linear algebra above the kernels: vectors over parameter sets, linear operators, Lanczos and
 * the trace estimators, and the small dense routines (QR, tridiagonal and dense symmetric eigenvalues, singular values,
 * the smallest singular value). The dense eigen- and singular-value routines share two contracts,
 * {@link org.flatlens.analysis.linalg.SymmetricEigenSolver} and {@link org.flatlens.analysis.linalg.SingularValueSolver},
 * whose abstract test suites every implementation runs.
 *
 * <p>May import: tensor.
 */
package org.flatlens.analysis.linalg;
