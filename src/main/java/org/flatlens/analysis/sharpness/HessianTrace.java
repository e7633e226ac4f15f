package org.flatlens.analysis.sharpness;

import java.util.Locale;
import java.util.random.RandomGenerator;
import org.flatlens.analysis.linalg.ExactTrace;
import org.flatlens.analysis.linalg.HutchPlusPlus;
import org.flatlens.analysis.linalg.HutchinsonTrace;
import org.flatlens.analysis.linalg.LinearOperator;
import org.flatlens.analysis.linalg.ParamVector;
import org.flatlens.analysis.linalg.TraceEstimate;
import org.flatlens.analysis.linalg.TraceEstimator;

/**
 * {@code trace_hessian = Tr(H)} (THEORY.md §2) with a fixed budget of Hessian–vector products: Hutchinson with
 * Rademacher probes, Hutch++ (the default: same budget, lower variance when the spectrum decays, as Hessian spectra
 * do), or exactly as {@code Σ_j e_jᵀ H e_j} with one product per parameter (small models and tests).
 */
public final class HessianTrace {
    /** How {@code Tr(H)} is computed. */
    public enum Method {
        HUTCHINSON(TraceEstimator.HUTCHINSON), HUTCH_PLUS_PLUS(TraceEstimator.HUTCH_PLUS_PLUS),
        EXACT(TraceEstimator.EXACT);

        private final TraceEstimator estimator;

        Method(TraceEstimator estimator) {
            this.estimator = estimator;
        }

        /** The estimator this method's {@link TraceEstimate}s name. */
        public TraceEstimator estimator() {
            return estimator;
        }

        /** The name used on the command line and in JSON. */
        public String key() {
            return estimator.key();
        }

        /** Parses {@code hutchinson}, {@code hutch++} or {@code exact}. */
        public static Method parse(String s) {
            String k = s.trim().toLowerCase(Locale.ROOT);
            for (Method m : values()) if (m.key().equals(k)) return m;
            throw new IllegalArgumentException("unknown trace estimator '" + s
                    + "' (expected hutchinson, hutch++ or exact)");
        }
    }

    private HessianTrace() {}

    /**
     * Estimates {@code Tr(A)}.
     *
     * @param a a symmetric operator on {@code template}'s layout (e.g. a {@link DatasetHessian})
     * @param rng the source of the probes (advanced; unused by {@code EXACT})
     * @param probes the budget of products: ≥ 2 for Hutchinson, ≥ 6 for Hutch++; ignored by {@code EXACT}, which costs
     *     {@code template.size()} products
     */
    public static TraceEstimate estimate(LinearOperator a, ParamVector template, RandomGenerator rng, int probes,
            Method method) {
        return switch (method) {
            case HUTCHINSON -> HutchinsonTrace.estimate(a, template, rng, probes);
            case HUTCH_PLUS_PLUS -> HutchPlusPlus.estimate(a, template, rng, probes);
            case EXACT -> ExactTrace.trace(a, template);
        };
    }

    /** {@code Tr(H)} of the dataset Hessian. */
    public static TraceEstimate estimate(DatasetHessian h, RandomGenerator rng, int probes, Method method) {
        return estimate(h, h.template(), rng, probes, method);
    }
}
