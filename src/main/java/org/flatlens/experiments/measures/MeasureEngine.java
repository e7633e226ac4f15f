package org.flatlens.experiments.measures;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one path that computes measures, for {@code measure}, tracking and sweeps: each requested measure, in the given
 * order, with its own generator {@code context.seeds().rng(name)}.
 */
public final class MeasureEngine {
    /** Told when each measure starts, e.g. to show progress. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (measure, products) -> { };

        /**
         * @param measure the measure about to run
         * @param products the Hessian–vector products it will spend (0 for measures without them)
         */
        void starting(String measure, long products);
    }

    private MeasureEngine() {}

    /** Computes {@code measures} on {@code c}; keys are {@code name} and {@code name[site]}, in measure order. */
    public static MeasureResults compute(List<Measure> measures, MeasureContext c, Listener listener) {
        Map<String, Estimate> out = new LinkedHashMap<>();
        for (Measure m : measures) {
            listener.starting(m.name(), m.products().applyAsLong(c));
            m.estimator().estimate(c, c.seeds().rng(m.name()), new Estimator.Sink() {
                @Override
                public void put(Estimate e) {
                    add(m.name(), e);
                }

                @Override
                public void put(String site, Estimate e) {
                    add(m.key(site), e);
                }

                private void add(String key, Estimate e) {
                    if (out.put(key, e) != null) {
                        throw new IllegalStateException("measure " + m.name() + " wrote " + key + " twice");
                    }
                }
            });
        }
        return new MeasureResults(measures, out);
    }
}
