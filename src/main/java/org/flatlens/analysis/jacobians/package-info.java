/**
 * Per-sample Jacobians of the effective output {@code g = R f} (THEORY.md §1, §3) from batched backward passes: with
 * respect to every representation site, the pre-activations, and per-sample weight-gradient norms. Shared by the
 * sharpness and compression measures.
 *
 * <p>May import: analysis.linalg, nn, data, autodiff, tensor.
 */
package org.flatlens.analysis.jacobians;
