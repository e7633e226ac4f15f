/**
 * Benchmarks behind BENCHMARKS.md. Not part of the production jar: {@code scripts/bench/run.sh} compiles and runs them
 * against it, the Maven profile {@code bench} adds them (and OpenBLAS) for the matrix-multiply benchmark, and the default
 * build compiles them with the tests.
 *
 * <p>May import: train, analysis.*, nn, data, autodiff, tensor.
 */
package org.flatlens.bench;
