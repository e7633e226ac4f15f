/**
 * Benchmarks behind BENCHMARKS.md.
 *
 * <p>May import: train, analysis.*, nn, data, autodiff, tensor.
 */
package org.flatlens.bench;
