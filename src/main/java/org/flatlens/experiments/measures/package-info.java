/**
 * The registry of measures and the one path that computes them for {@code measure}, tracking and sweeps.
 *
 * <p>A {@link org.flatlens.experiments.measures.Measure} is a documented name (THEORY.md's key, e.g.
 * {@code trace_hessian}, {@code mls}), a {@link org.flatlens.experiments.measures.MeasureKind}, a unit, a label, a
 * one-line description and an {@link org.flatlens.experiments.measures.Estimator}; every value is an
 * {@link org.flatlens.experiments.measures.Estimate} carrying its standard error, its sample or probe count and
 * diagnostics. {@link org.flatlens.experiments.measures.MeasureEngine} computes a requested set on one
 * {@link org.flatlens.experiments.measures.MeasureContext}, with one generator per measure derived by
 * {@link org.flatlens.experiments.measures.MeasureSeeds}. Adding a measure is one entry in
 * {@link org.flatlens.experiments.measures.StandardMeasures} (or {@link
 * org.flatlens.experiments.measures.MeasureRegistry#with}) plus its estimator.
 *
 * <p>May import: analysis.*, train, data, nn, autodiff, tensor (as experiments); never the rest of experiments.
 */
package org.flatlens.experiments.measures;
