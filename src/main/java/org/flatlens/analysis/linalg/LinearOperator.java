package org.flatlens.analysis.linalg;

/**
 * A linear map {@code v ↦ A v} on {@link ParamVector}s, e.g. a Hessian–vector product.
 *
 * <p>The trace and eigenvalue estimators of this package need {@code A} square and symmetric, and take the layout of
 * its domain as a separate {@code template} argument; {@code apply} must return a vector of that layout and must not
 * modify its argument. A map between different layouts (a probe map {@code M}, see
 * {@link HutchinsonTrace#estimateWithProbeMap}) is also a {@code LinearOperator}.
 */
@FunctionalInterface
public interface LinearOperator {

    /** {@code A v}; {@code v} is not modified. */
    ParamVector apply(ParamVector v);

    /** {@code v ↦ this(inner(v))}. */
    default LinearOperator compose(LinearOperator inner) {
        return v -> apply(inner.apply(v));
    }

    /** {@code D A D} with {@code D = diag(d)}, e.g. {@code d = |θ|} for the adaptive trace {@code Tr(D H D)}. */
    default LinearOperator conjugateBy(ParamVector d) {
        LinearOperator diag = diagonal(d);
        return diag.compose(this).compose(diag);
    }

    /** {@code v ↦ d ⊙ v}, the diagonal matrix {@code diag(d)}. */
    static LinearOperator diagonal(ParamVector d) {
        return v -> v.mul(d);
    }
}
