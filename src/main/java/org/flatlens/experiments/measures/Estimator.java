package org.flatlens.experiments.measures;

import java.util.random.RandomGenerator.SplittableGenerator;

/**
 * Computes one {@link Measure} on a {@link MeasureContext}. It may emit one value for the measure itself and one per
 * site or layer ({@code name[site]}); the engine names them, so an estimator never spells a key.
 */
@FunctionalInterface
public interface Estimator {
    /**
     * @param rng this measure's own generator (see {@link MeasureSeeds}); split it for independent parts
     */
    void estimate(MeasureContext c, SplittableGenerator rng, Sink out);

    /** Where an estimator puts its values. */
    interface Sink {
        /** The value of the measure itself. */
        void put(Estimate e);

        /** The value at one site or layer, keyed {@code name[site]}. */
        void put(String site, Estimate e);
    }
}
