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

    /** A correlation with the prediction it tests. */
    public record Finding(CorrelationResult result, Prediction prediction) {
        /** {@code as predicted}, {@code against the prediction}, or {@code inconclusive} (interval contains 0). */
        public String verdict() {
            int s = result.sign();
            if (prediction.sign() == 0) return s == 0 ? "as expected (no clear relation)" : "a relation where none was expected";
            if (s == 0) return "inconclusive (the interval contains 0)";
            return s == prediction.sign() ? "as predicted" : "against the prediction";
        }
    }

    /** Sharpness-side metrics; trace_ggn is left out because sharpness = sqrt(trace_ggn) has the same ranks. */
    static final Set<String> SHARPNESS = Set.of(Measures.SHARPNESS, Measures.TRACE_HESSIAN, Measures.LAMBDA_MAX,
            Measures.BOUND_D, Measures.BOUND_NMLS);
    static final Set<String> COMPRESSION = Set.of(Measures.MLS, Measures.NMLS, Measures.LOG_VOLUME);

    private Predictions() {}

    /** The prediction for a pair of metrics in a scope, if THEORY §6 makes one. */
    public static Optional<Prediction> of(String scope, String a, String b) {
        Optional<Prediction> p = ordered(scope, a, b);
        return p.isPresent() ? p : ordered(scope, b, a);
    }

    private static Optional<Prediction> ordered(String scope, String a, String b) {
        if (SHARPNESS.contains(a) && COMPRESSION.contains(b)) {
            return Optional.of(new Prediction(1, "flatter minima compress more (§5 bounds, §6)"));
        }
        if (a.equals(Measures.LOCAL_DIM) && SHARPNESS.contains(b)) {
            return Optional.of(new Prediction(0, "local dimensionality is scale-free and not bounded (§5, §6)"));
        }
        if (a.equals("lr") && (SHARPNESS.contains(b) || COMPRESSION.contains(b))) {
            return Optional.of(new Prediction(-1, "larger learning rates give flatter, more compressed minima (§6)"));
        }
        if (a.equals("batch_size") && (SHARPNESS.contains(b) || COMPRESSION.contains(b))) {
            return Optional.of(new Prediction(1, "smaller batches give flatter, more compressed minima (§6)"));
        }
        if (scope.equals("checkpoints") && a.equals("step") && (SHARPNESS.contains(b) || COMPRESSION.contains(b))) {
            return Optional.of(new Prediction(-1, "in the interpolation phase sharpness and compression fall (§6)"));
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
