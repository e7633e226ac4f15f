package org.flatlens.experiments.measures;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flatlens.analysis.compression.Aggregate;
import org.flatlens.analysis.linalg.TraceEstimate;

/**
 * One measured value with its uncertainty.
 *
 * @param value the estimate (non-finite allowed: −∞ for a rank-deficient log volume)
 * @param stdErr its standard error: over probes for a stochastic estimator, over samples for a per-sample mean; 0 for
 *     a deterministic value; NaN when it cannot be computed (fewer than two draws, an infinite sample)
 * @param n the draws behind {@code stdErr} (probes, samples, antithetic pairs, Lanczos steps); 0 for a deterministic
 *     value
 * @param diagnostics how the value was made, by name: {@code estimator} (a string), {@code converged} and
 *     {@code residual} for eigenvalues, and the like. Values are strings, booleans, numbers or arrays of numbers
 */
public record Estimate(double value, double stdErr, int n, Map<String, Object> diagnostics) {
    /** The diagnostic key of the convergence flag. */
    public static final String CONVERGED = "converged";
    /** The diagnostic key of the method's name. */
    public static final String ESTIMATOR = "estimator";

    public Estimate {
        if (n < 0) throw new IllegalArgumentException("n must be ≥ 0, got " + n);
        for (Map.Entry<String, Object> e : diagnostics.entrySet()) {
            Object v = e.getValue();
            if (!(v instanceof String || v instanceof Boolean || v instanceof Number || v instanceof double[]
                    || v instanceof double[][])) {
                throw new IllegalArgumentException("diagnostic '" + e.getKey() + "' has unsupported type "
                        + (v == null ? "null" : v.getClass().getSimpleName()));
            }
        }
        diagnostics = Collections.unmodifiableMap(new LinkedHashMap<>(diagnostics));
    }

    /** A deterministic value: no standard error, no draws. */
    public static Estimate exact(double value) {
        return new Estimate(value, 0.0, 0, Map.of());
    }

    /** A trace estimate: n = products spent, {@code estimator} = its method's key. */
    public static Estimate of(TraceEstimate t) {
        return new Estimate(t.mean(), t.stdErr(), t.probes(), Map.of(ESTIMATOR, t.estimator().key()));
    }

    /** A per-sample mean: value = arithmetic mean, n = samples, {@code gm} = the geometric mean. */
    public static Estimate of(Aggregate a) {
        return new Estimate(a.am(), a.stderr(), a.n(), Map.of("gm", a.gm()));
    }

    /** This estimate with one more diagnostic. */
    public Estimate with(String key, Object value) {
        Map<String, Object> d = new LinkedHashMap<>(diagnostics);
        d.put(key, value);
        return new Estimate(this.value, stdErr, n, d);
    }

    /** Equal values (bit for bit, NaN equal to NaN), counts and diagnostics, arrays compared element by element. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Estimate e)) return false;
        if (Double.compare(value, e.value) != 0 || Double.compare(stdErr, e.stdErr) != 0 || n != e.n
                || !diagnostics.keySet().equals(e.diagnostics.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> d : diagnostics.entrySet()) {
            if (!java.util.Objects.deepEquals(d.getValue(), e.diagnostics.get(d.getKey()))) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(value, stdErr, n, diagnostics.keySet());
    }

    /** The convergence flag, or null when the estimator has none. */
    public Boolean converged() {
        return diagnostics.get(CONVERGED) instanceof Boolean b ? b : null;
    }
}
