/**
 * Sharpness measures (THEORY.md section 2), all resting on one Hessian-vector operator.
 *
 * <p>May import: analysis.jacobians, analysis.linalg, nn, autodiff, data, tensor.
 */
package org.flatlens.analysis.sharpness;
