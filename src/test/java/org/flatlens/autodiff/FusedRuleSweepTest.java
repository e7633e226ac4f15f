package org.flatlens.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.flatlens.tensor.SpecialFunctions;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The composed rule is the specification, the fused one an optimisation. Every registered {@link UnaryOp}
 * ({@link UnaryOps#ALL}, so a new one without a test edit) is checked on random rows at three scales and on a row of
 * extreme values, in float64:
 * <ol>
 *   <li>its backward without a graph (a fused kernel where it has one) against its graph rule;</li>
 *   <li>when its forward is a kernel of its own for a composition of other primitives ({@link UnaryOp#composition}):
 *       values against the composition's; first derivatives, through the fused backward and through the graph rule,
 *       against those of the composition; second derivatives, the Hessian–vector product of {@code ⟨c, f(x)⟩}
 *       (double backward through the rule) against the one through the composition.</li>
 * </ol>
 * erf has no composition from other primitives; its specification is its graph rule {@code 2/√π exp(−x²)}, which its
 * fused backward must reproduce bit for bit (as tanh's must reproduce {@code g − g y²}); its second derivative is
 * checked against the closed form. Every other {@link Op} must be listed as plain: a new primitive with a fused kernel
 * belongs in {@link UnaryOps} or needs a check here.
 */
class FusedRuleSweepTest {
    /** The primitives whose rules are their own specification (no fused kernel beside a composed rule). */
    private static final Set<Op> PLAIN = EnumSet.of(Op.NEG, Op.POW, Op.SCALE, Op.ADD_SCALAR, Op.ADD, Op.SUB, Op.MUL,
            Op.DIV, Op.SUM, Op.RESHAPE, Op.PERMUTE, Op.SLICE, Op.PAD, Op.CONCAT, Op.EXPAND, Op.GATHER, Op.SCATTER_ADD,
            Op.MATMUL, Op.CONV2D, Op.CONV2D_TRANSPOSE, Op.CONV2D_WEIGHT_GRAD);

    /** Fused backwards that are evaluated as their rule, so give its bits. */
    private static final Set<String> BITS_OF_THE_RULE = Set.of("exp", "log", "tanh", "sigmoid", "relu", "erf",
            "softplus");

    /** Values: both sides round differently; tighter than the default where measured (relative to the row's scale). */
    private static final double VALUE_TOL = 1e-13;
    private static final Map<String, Double> VALUE_TOL_OF = Map.of("sigmoid", 4e-16, "tanh", 2e-15, "gelu", 0.0,
            "softmax", 2e-15, "layer_norm(eps=1.0E-5)", 4e-14);

    /** Rows of extreme values chosen for a function; the others take their domain's ({@link UnaryOpInputs#extremes}). */
    private static final Map<String, double[]> EXTREMES_OF = Map.of(
            "erf", new double[] {-9, -6, -1e-9, 0, 1e-12, 2.5, 6, 9},
            "gelu", new double[] {-9, -6, -1e-9, 0, 1e-12, 2.5, 6, 9},
            // logits a thousand apart (one class takes everything) and large but close ones
            "softmax", new double[] {-1000, 0, 1000, 1000.5, 999, 998, -1e3, 1001},
            // a large offset with a small spread: the variance must come from centred values
            "layer_norm(eps=1.0E-5)", new double[] {1e6, 1e6 + 1, 1e6 - 1, 1e6 + 0.5, 1e6, 1e6 - 2, 1e6 + 3, 1e6});

    /** Relative tolerances of the derivatives: both sides round differently. */
    private static final Map<Integer, Double> DERIVATIVE_TOL = Map.of(1, 1e-13, 2, 1e-12);
    /**
     * On the extreme rows the composed second derivative itself loses digits: tanh'' through {@code 2σ(2x) − 1} forms
     * {@code 1 − 2σ(2x) ≈ −x} by cancellation, about {@code ε/|x| ≈ 7e-12} relative at {@code x = 3e-5}.
     */
    private static final double EXTREME_SECOND_TOL = 1e-10;

    @Test
    void everyPrimitiveIsARegisteredFunctionOrPlain() {
        for (Op op : Op.values()) {
            assertTrue(op == Op.UNARY ^ PLAIN.contains(op), op + " must be UNARY (swept per function) or plain");
        }
        Set<String> names = new java.util.HashSet<>();
        for (UnaryOp f : UnaryOps.ALL) assertTrue(names.add(f.name()), "two functions named " + f.name());
        long fused = UnaryOps.ALL.stream().filter(f -> f.composition(Var.constant(Tensor.full(org.flatlens.tensor.Shape.of(1, 2), 1.0))) != null).count();
        System.out.printf("fused-rule sweep: %d functions, %d with a fused forward%n", UnaryOps.ALL.size(), fused);
    }

    /** A function defined in {@link UnaryOps} (a constant or a class of a family) that is not in ALL would go unchecked. */
    @Test
    void everyFunctionOfUnaryOpsIsRegistered() throws IllegalAccessException {
        Set<Class<?>> registered = new java.util.HashSet<>();
        for (UnaryOp f : UnaryOps.ALL) registered.add(f.getClass());
        for (java.lang.reflect.Field field : UnaryOps.class.getDeclaredFields()) {
            if (UnaryOp.class.isAssignableFrom(field.getType())) {
                assertTrue(UnaryOps.ALL.contains((UnaryOp) field.get(null)), field.getName() + " is not in ALL");
            }
        }
        for (Class<?> c : UnaryOps.class.getDeclaredClasses()) {
            if (UnaryOp.class.isAssignableFrom(c)) assertTrue(registered.contains(c), c + " has no instance in ALL");
        }
    }

    @TestFactory
    List<DynamicTest> fusedMatchesComposed() {
        List<DynamicTest> tests = new ArrayList<>();
        for (UnaryOp f : UnaryOps.ALL) {
            List<Tensor> xs = inputs(f);
            for (int i = 0; i < xs.size(); i++) {
                Tensor x = xs.get(i);
                boolean extreme = i == xs.size() - 1;
                tests.add(DynamicTest.dynamicTest(f.name() + (extreme ? " extreme " : " random ") + x.shape(),
                        () -> check(f, x, extreme ? EXTREME_SECOND_TOL : DERIVATIVE_TOL.get(2))));
            }
        }
        return tests;
    }

    /** Random rows at three scales, and (last) a row of extreme values for the function. */
    private static List<Tensor> inputs(UnaryOp f) {
        SplittableRandom rng = new SplittableRandom(16 + f.name().hashCode());
        List<Tensor> out = new ArrayList<>();
        for (double scale : new double[] {0.1, 1, 5}) out.add(UnaryOpInputs.random(f.domain(), rng, scale, 3, 8));
        double[] extreme = EXTREMES_OF.getOrDefault(f.name(), UnaryOpInputs.extremes(f.domain()));
        out.add(Tensor.of(extreme, 1, extreme.length));
        return out;
    }

    private static void check(UnaryOp f, Tensor x0, double secondTol) {
        SplittableRandom rng = new SplittableRandom(7);
        Tensor cot = Tensor.randn(rng, x0.shape().dims()), dir = Tensor.randn(rng, x0.shape().dims());
        Var x = Var.param(x0);
        Var yf = x.apply(f);
        Tensor dFused = vjp(yf, x, cot, GradMode.NO_GRAPH), dRule = vjp(yf, x, cot, GradMode.CREATE_GRAPH);
        assertClose(dRule, dFused, DERIVATIVE_TOL.get(1), "backward without a graph against the graph rule");
        if (BITS_OF_THE_RULE.contains(f.name())) {
            assertEquals(0.0, dRule.maxAbsDiff(dFused), "fused backward has the bits of the graph rule");
        }
        Tensor hFused = hvp(v -> v.apply(f), x0, cot, dir);
        if (f.name().equals("erf")) {
            // d²erf/dx² = −2x · 2/√π · exp(−x²), the derivative of the graph rule
            double[] xs = x0.data(), c = cot.data(), v = dir.data(), want = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                want[i] = c[i] * v[i] * -2 * xs[i] * SpecialFunctions.TWO_OVER_SQRT_PI * Math.exp(-xs[i] * xs[i]);
            }
            assertClose(Tensor.of(want, x0.shape().dims()), hFused, secondTol, "erf'' closed form");
        }
        if (f.composition(x) == null) return;

        Var yc = f.composition(x);
        assertClose(yc.value(), yf.value(), VALUE_TOL_OF.getOrDefault(f.name(), VALUE_TOL), "value");
        Tensor dCompose = vjp(yc, x, cot, GradMode.NO_GRAPH);
        assertClose(dCompose, dFused, DERIVATIVE_TOL.get(1), "first derivative, fused backward");
        assertClose(dCompose, dRule, DERIVATIVE_TOL.get(1), "first derivative, graph rule");
        Tensor hCompose = hvp(f::composition, x0, cot, dir);
        assertClose(hCompose, hFused, secondTol, "second derivative");
    }

    private static Tensor vjp(Var y, Var x, Tensor cot, GradMode mode) {
        return Autodiff.grad(List.of(y), List.of(x), List.of(Var.constant(cot)), mode).get(0).value();
    }

    /** {@code ∇²⟨c, f(x)⟩ · v}. */
    private static Tensor hvp(UnaryOperator<Var> f, Tensor x0, Tensor c, Tensor v) {
        Var x = Var.param(x0);
        Var loss = f.apply(x).mul(Var.constant(c)).sum();
        return Autodiff.hvp(loss, List.of(x), List.of(v)).get(0);
    }

    /**
     * {@code |a − b| ≤ tol · max(|a|_∞ of the row, tiny)} elementwise, scaled per row by the largest magnitude of
     * {@code expected} in it: the composition and the fused kernel differ by rounding relative to the row's scale
     * (an entry that underflows on one side and not the other is then still judged by its row).
     */
    private static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
        assertEquals(expected.shape(), actual.shape(), what);
        double[] e = expected.data(), a = actual.data();
        assertTrue(expected.allFinite() && actual.allFinite(), what + ": non-finite values");
        int cols = expected.shape().dim(expected.shape().rank() - 1);
        for (int r = 0; r < e.length / cols; r++) {
            double scale = Double.MIN_NORMAL;
            for (int j = 0; j < cols; j++) scale = Math.max(scale, Math.abs(e[r * cols + j]));
            for (int j = 0; j < cols; j++) {
                int i = r * cols + j;
                double err = Math.abs(e[i] - a[i]) / scale;
                assertTrue(err <= tol, what + " at " + i + ": expected " + e[i] + ", got " + a[i] + " (error " + err
                        + " of the row's scale, tolerance " + tol + ")");
            }
        }
    }
}
