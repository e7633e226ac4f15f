package org.flatlens.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.flatlens.experiments.measures.Measures;

/**
 * The relations THEORY.md §6 predicts, as expected signs of correlations: flatter minima (smaller sharpness,
 * Tr G, the bounds) go with compression (smaller MLS, NMLS, log volume); larger learning rates and smaller batches give
 * both; in the interpolation phase sharpness and compression fall with the steps; local dimensionality does not track
 * sharpness, and relative flatness alone can correlate weakly or negatively.
 */
public final class Predictions {
    /** The sign predicted for a pair (+1, −1, or 0 for "no consistent relation expected") and why. */
    public record Prediction(int sign, String reason) {}

    /** How a finding came out. */
    public enum Outcome { AS_PREDICTED, AGAINST, INCONCLUSIVE }

    /** A correlation with the prediction it tests. */
    public record Finding(CorrelationResult result, Prediction prediction) {
        /**
         * As predicted when the interval excludes 0 on the predicted side (or, with no relation expected, contains 0);
         * against when it excludes 0 on the other side (or shows a relation where none was expected); inconclusive when
         * a sign was predicted and the interval contains 0 or is undefined.
         */
        public Outcome outcome() {
            int s = result.sign();
            if (prediction.sign() == 0) return s == 0 ? Outcome.AS_PREDICTED : Outcome.AGAINST;
            if (s == 0) return Outcome.INCONCLUSIVE;
            return s == prediction.sign() ? Outcome.AS_PREDICTED : Outcome.AGAINST;
        }

        /** The outcome in words. */
        public String verdict() {
            return switch (outcome()) {
                case AS_PREDICTED -> prediction.sign() == 0 ? "as expected (no clear relation)" : "as predicted";
                case AGAINST -> prediction.sign() == 0 ? "a relation where none was expected" : "against the prediction";
                case INCONCLUSIVE -> "inconclusive (the interval contains 0)";
            };
        }
    }

    /** The sharpness measures the headline tests (trace_ggn and sharpness = sqrt(trace_ggn) have the same ranks). */
    public static final List<String> SHARPNESS = List.of(Measures.TRACE_HESSIAN, Measures.TRACE_GGN,
            Measures.LAMBDA_MAX);
    /** The compression measures the headline tests; local_dim is among them with no relation expected. */
    public static final List<String> COMPRESSION = List.of(Measures.MLS, Measures.LOG_VOLUME, Measures.LOCAL_DIM,
            Measures.NMLS, Measures.NVR);
    /** Hyperparameters whose effect is predicted. */
    public static final List<String> HYPERPARAMETERS = List.of("lr", "batch_size");
    /** Other sharpness-side values with the same predicted sign (the bounds as numbers, the paper's sharpness). */
    static final Set<String> SHARPNESS_LIKE = Set.of(Measures.TRACE_HESSIAN, Measures.TRACE_GGN,
            Measures.LAMBDA_MAX, Measures.SHARPNESS, Measures.BOUND_D, Measures.BOUND_NMLS);
    static final Set<String> COMPRESSED = Set.of(Measures.MLS, Measures.NMLS, Measures.LOG_VOLUME, Measures.NVR);

    private Predictions() {}

    /** The prediction for a pair of metrics in a scope, if THEORY §6 makes one. */
    public static Optional<Prediction> of(String scope, String a, String b) {
        Optional<Prediction> p = ordered(scope, a, b);
        return p.isPresent() ? p : ordered(scope, b, a);
    }

    private static Optional<Prediction> ordered(String scope, String a, String b) {
        boolean measure = SHARPNESS_LIKE.contains(b) || COMPRESSED.contains(b);
        if (scope.equals(WithinRunTrends.SCOPE)) {
            if (a.equals("step") && measure) {
                return Optional.of(new Prediction(-1, "in the interpolation phase sharpness and compression fall"));
            }
            if (a.equals("step") && b.equals(Measures.LOCAL_DIM)) {
                return Optional.of(new Prediction(0, "local dimensionality is scale-free and not bounded"));
            }
            return Optional.empty();
        }
        if (SHARPNESS_LIKE.contains(a) && COMPRESSED.contains(b)) {
            return Optional.of(new Prediction(1, "flatter minima compress more (the bounds)"));
        }
        if (a.equals(Measures.LOCAL_DIM) && SHARPNESS_LIKE.contains(b)) {
            return Optional.of(new Prediction(0, "local dimensionality is scale-free and not bounded"));
        }
        if (a.equals("lr") && measure) {
            return Optional.of(new Prediction(-1, "larger learning rates give flatter, more compressed minima"));
        }
        if (a.equals("batch_size") && measure) {
            return Optional.of(new Prediction(1, "smaller batches give flatter, more compressed minima"));
        }
        return Optional.empty();
    }

    /** The findings among {@code results} made with {@code method}, for every pair with a prediction. */
    public static List<Finding> findings(List<CorrelationResult> results, Correlation method) {
        List<Finding> out = new ArrayList<>();
        for (CorrelationResult r : results) {
            if (r.method() != method) continue;
            of(r.scope(), r.x(), r.y()).ifPresent(p -> out.add(new Finding(r, p)));
        }
        return out;
    }
}
