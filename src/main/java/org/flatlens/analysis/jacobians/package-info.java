/**
 * Per-sample Jacobians of the effective output {@code g = R f} (THEORY.md §1, §3) from batched backward passes: with
 * respect to every representation site, the pre-activations, and per-sample weight-gradient norms. Shared by the
 * sharpness and compression measures.
 *
 * <p>{@link org.flatlens.analysis.jacobians.JacobianEngine} yields, per chunk of samples, every site's h, J and δ
 * ({@link org.flatlens.analysis.jacobians.ChunkJacobians}); {@link org.flatlens.analysis.jacobians.SiteRules} is the
 * table layer kind → patch view (the only per-layer math); {@link org.flatlens.analysis.jacobians.PerSampleGradients}
 * turns it into per-sample weight-gradient terms; {@link org.flatlens.analysis.jacobians.Ggn} streams them into the
 * exact {@code trace_ggn}, {@code trace_ggn[l]} and {@code relative_flatness} (G form). Parameters outside any site
 * (LayerNorm affine, class token, position embeddings) get exact per-sample gradients through
 * {@link org.flatlens.nn.ParamSite}s.
 *
 * <p>May import: analysis.linalg, nn, data, autodiff, tensor.
 */
package org.flatlens.analysis.jacobians;
