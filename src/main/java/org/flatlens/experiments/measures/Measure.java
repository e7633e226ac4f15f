package org.flatlens.experiments.measures;

import java.util.Objects;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

/**
 * One entry of the {@link MeasureRegistry}.
 *
 * @param name the documented key (THEORY.md's name in lower_snake_case, e.g. {@code trace_hessian}); per-site values
 *     are keyed {@code name[site]}
 * @param kind the family it belongs to
 * @param unit its unit or scale, e.g. {@code loss/param²}, {@code nats}, {@code dimensionless}
 * @param label a short human label for tables and figure axes, e.g. {@code Tr H}
 * @param description one line for the report's glossary
 * @param estimator how it is computed
 * @param products Hessian–vector products it will spend on a context (for progress; 0 for none)
 * @param tracked whether tracking (train --track-every, sweeps) computes it; otherwise only {@code measure} does
 * @param hessian whether it needs Hessian–vector products (tracking can skip those)
 */
public record Measure(String name, MeasureKind kind, String unit, String label, String description,
        Estimator estimator, ToLongFunction<MeasureContext> products, boolean tracked, boolean hessian) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    public Measure {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("measure name '" + name + "' must be lower_snake_case");
        }
        Objects.requireNonNull(kind);
        Objects.requireNonNull(unit);
        Objects.requireNonNull(label);
        Objects.requireNonNull(description);
        Objects.requireNonNull(estimator);
        Objects.requireNonNull(products);
    }

    /** A tracked measure without Hessian–vector products. */
    public static Measure of(String name, MeasureKind kind, String unit, String label, String description,
            Estimator estimator) {
        return new Measure(name, kind, unit, label, description, estimator, c -> 0L, true, false);
    }

    /** This measure, needing Hessian–vector products (about {@code products} of them). */
    public Measure withHessian(ToLongFunction<MeasureContext> cost) {
        return new Measure(name, kind, unit, label, description, estimator, cost, tracked, true);
    }

    /** This measure, computed by {@code measure} only, not at tracked steps. */
    public Measure measureOnly() {
        return new Measure(name, kind, unit, label, description, estimator, products, false, hessian);
    }

    /** The key of its value at one site: {@code name[site]}. */
    public String key(String site) {
        return OutputKeys.key(name, site);
    }
}
