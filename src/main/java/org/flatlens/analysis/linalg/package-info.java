/**
 * Vectors over parameter sets, linear operators, Lanczos, and small dense eigen/SVD routines.
 *
 * <p>May import: tensor.
 */
package org.flatlens.analysis.linalg;
