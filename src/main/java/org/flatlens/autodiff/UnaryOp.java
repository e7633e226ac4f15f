package org.flatlens.autodiff;

import org.flatlens.tensor.Tensor;

/**
 * A function of one tensor that keeps its shape (elementwise, or along the last axis), defined in one place: its
 * forward kernel, its derivative rule and, optionally, a fused backward and the composition its forward fuses.
 * {@link Var#apply} records it as one primitive node; {@link UnaryOps#ALL} lists every one, and the tests iterate over
 * that list (finite-difference gradients, second derivatives against differences of gradients, fused against composed),
 * so a new function is checked without a test edit.
 *
 * <p>The {@linkplain #rule rule} is written with {@link Var} operations, so it is the specification of the derivative
 * and can be differentiated again (Hessian–vector products come for free). A {@linkplain #backward fused backward} is
 * an optimisation for the backward passes without a graph and must agree with the rule.
 */
public abstract class UnaryOp {
    /** Where the function is smooth: the inputs on which its derivatives are defined and checked. */
    public enum Domain {
        /** every real number */
        REALS,
        /** the positive reals (e.g. log) */
        POSITIVE,
        /** every real but 0, where it has a kink (e.g. relu) */
        NONZERO
    }

    private final String name;
    private final Domain domain;

    /** Package-private: every function is defined in this package and registered in {@link UnaryOps#ALL}. */
    UnaryOp(String name, Domain domain) {
        this.name = name;
        this.domain = domain;
    }

    public final String name() {
        return name;
    }

    public final Domain domain() {
        return domain;
    }

    /** The forward value {@code y = f(x)}, a new tensor of x's shape; x is not modified. */
    public abstract Tensor apply(Tensor x);

    /**
     * The cotangent of x given the cotangent {@code g} of {@code y = f(x)} (for an elementwise f, {@code g ⊙ f'(x)}),
     * written with {@link Var} operations so that it is a graph when its arguments are: the derivative's
     * specification, and what second derivatives differentiate.
     */
    abstract Var rule(Var x, Var y, Var g);

    /**
     * The same cotangent without a graph, on plain values: by default the rule evaluated on constants. An override is a
     * fused kernel that must agree with the rule (checked by the tests on every registered function).
     *
     * @param gOwned whether g's array belongs to this rule application alone: then the result may be written over it
     * @param memo   this node's cache, for a value that depends only on x and that each backward pass through the same
     *               node would otherwise recompute
     */
    Tensor backward(Tensor x, Tensor y, Tensor g, boolean gOwned, Attrs.Memo memo) {
        return rule(Var.constant(x), Var.constant(y), Var.constant(g)).value();
    }

    /**
     * When {@link #apply} is a kernel of its own for a composition of other primitives, that composition (the forward's
     * specification, checked against it); otherwise null: the kernel is its own specification.
     */
    public Var composition(Var x) {
        return null;
    }

    /** The cotangent of x: the rule when any argument is a graph node, the (possibly fused) backward otherwise. */
    final Var vjp(Var x, Var y, Var g, boolean gOwned, Attrs.Memo memo) {
        if (g.requiresGrad() || x.requiresGrad() || y.requiresGrad()) return rule(x, y, g);
        return Var.constant(backward(x.value(), y.value(), g.value(), gOwned, memo));
    }

    @Override
    public String toString() {
        return name;
    }
}
