/**
 * Representation compression measures (THEORY.md sections 3-4) at every representation site.
 *
 * <p>{@link org.flatlens.analysis.compression.CompressionAnalysis} runs one streaming pass and returns a
 * {@link org.flatlens.analysis.compression.CompressionReport}: per site ({@code SiteMeasures}) {@code mls},
 * {@code log_volume}, {@code local_dim}, {@code jacobian_energy}, {@code rel_mls}, norms, ρ(P), weight norms and the
 * terms the bounds need; network-wide ({@code NetworkMeasures}) {@code nmls}, {@code nvr}, {@code harm} and
 * {@code Tr G}; optionally the Gaussian-ball {@code local_dim_mc} and {@code mls_mc} at the input site.
 *
 * <p>May import: analysis.jacobians, analysis.linalg, nn, autodiff, data, tensor.
 */
package org.flatlens.analysis.compression;
