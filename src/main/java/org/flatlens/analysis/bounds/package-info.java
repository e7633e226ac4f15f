/**
 * The bounds of THEORY.md section 5, each evaluated on both sides: {@link org.flatlens.analysis.bounds.Bounds} turns a
 * compression report into {@link org.flatlens.analysis.bounds.BoundCheck}s (theorem, heuristic or vacuous); a failed
 * theorem is a bug and is listed by {@link org.flatlens.analysis.bounds.BoundsReport#failedTheorems()}.
 *
 * <p>May import: analysis.sharpness, analysis.compression, analysis.linalg, tensor.
 */
package org.flatlens.analysis.bounds;
