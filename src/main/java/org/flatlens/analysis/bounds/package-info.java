/**
 * The bounds of THEORY.md section 5, each evaluated on both sides.
 *
 * <p>May import: analysis.sharpness, analysis.compression, analysis.linalg, tensor.
 */
package org.flatlens.analysis.bounds;
