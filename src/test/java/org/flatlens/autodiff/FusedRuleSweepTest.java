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
 * The composed rule is the specification, the fused one an optimisation. Six primitives have a forward kernel and a
 * derivative of their own (sigmoid, tanh, erf, GELU, softmax, layer norm): each is checked against a composition of
 * other primitives, on random inputs and on extreme ones, in float64, for
 * <ol>
 *   <li>values: the fused forward against the composed forward;</li>
 *   <li>first derivatives: the vector–Jacobian product through the fused op without a graph (its fused backward
 *       kernel) and with one (its graph rule), both against the product through the composition;</li>
 *   <li>second derivatives: the Hessian–vector product of {@code ⟨c, f(x)⟩} through the fused op (double backward
 *       through its graph rule) against the one through the composition.</li>
 * </ol>
 * erf has no composition from other primitives; its specification is its graph rule {@code 2/√π exp(−x²)}, which its
 * fused backward must reproduce bit for bit (as tanh's must reproduce {@code g − g y²}).
 */
class FusedRuleSweepTest {
    /** One fused primitive and the composition that specifies it. */
    private record Fused(Op op, UnaryOperator<Var> fused, UnaryOperator<Var> composed, double valueTol) {}

    private static final double EPS_LN = 1e-5;

    /** Every primitive with a fused forward or backward of its own: a new one must be added here. */
    private static final List<Fused> FUSED = List.of(
            new Fused(Op.SIGMOID, Var::sigmoid, FusedRuleSweepTest::sigmoidComposed, 4e-16),
            new Fused(Op.TANH, Var::tanh, x -> sigmoidComposed(x.mul(2.0)).mul(2.0).sub(1.0), 2e-15),
            new Fused(Op.ERF, Var::erf, Var::erf, 0),
            new Fused(Op.GELU, Var::gelu,
                    x -> x.mul(x.mul(SpecialFunctions.INV_SQRT2).erf().add(1.0)).mul(0.5), 0),
            new Fused(Op.SOFTMAX, Var::softmax, x -> Functions.logSoftmax(x, -1).exp(), 2e-15),
            new Fused(Op.LAYER_NORM, x -> x.layerNorm(EPS_LN), FusedRuleSweepTest::layerNormComposed, 4e-14));

    /** The primitives whose rules are their own specification (no fused kernel beside a composed rule). */
    private static final Set<Op> PLAIN = EnumSet.of(Op.NEG, Op.EXP, Op.LOG, Op.POW, Op.RELU, Op.SCALE, Op.ADD_SCALAR,
            Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.SUM, Op.RESHAPE, Op.PERMUTE, Op.SLICE, Op.PAD, Op.CONCAT, Op.EXPAND,
            Op.GATHER, Op.SCATTER_ADD, Op.MATMUL, Op.CONV2D, Op.CONV2D_TRANSPOSE, Op.CONV2D_WEIGHT_GRAD);

    /** Relative tolerances of the derivatives: both sides round differently. */
    private static final Map<Integer, Double> DERIVATIVE_TOL = Map.of(1, 1e-13, 2, 1e-12);
    /**
     * On the extreme rows the composed second derivative itself loses digits: tanh'' through {@code 2σ(2x) − 1} forms
     * {@code 1 − 2σ(2x) ≈ −x} by cancellation, about {@code ε/|x| ≈ 7e-12} relative at {@code x = 3e-5}.
     */
    private static final double EXTREME_SECOND_TOL = 1e-10;

    private static Var sigmoidComposed(Var x) {
        return x.neg().exp().add(1.0).reciprocal();
    }

    private static Var layerNormComposed(Var x) {
        Var centered = x.sub(x.mean(-1, true));
        return centered.mul(centered.square().mean(-1, true).add(EPS_LN).pow(-0.5));
    }

    @Test
    void everyPrimitiveIsEitherFusedAndSweptOrPlain() {
        Set<Op> swept = EnumSet.noneOf(Op.class);
        for (Fused f : FUSED) swept.add(f.op());
        for (Op op : Op.values()) {
            assertTrue(swept.contains(op) ^ PLAIN.contains(op), op + " must be in exactly one of FUSED and PLAIN");
        }
        assertEquals(6, swept.size(), "fused primitives checked");
    }

    @TestFactory
    List<DynamicTest> fusedMatchesComposed() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Fused f : FUSED) {
            List<Tensor> xs = inputs(f.op());
            for (int i = 0; i < xs.size(); i++) {
                Tensor x = xs.get(i);
                boolean extreme = i == xs.size() - 1;
                tests.add(DynamicTest.dynamicTest(f.op() + (extreme ? " extreme " : " random ") + x.shape(),
                        () -> check(f, x, extreme ? EXTREME_SECOND_TOL : DERIVATIVE_TOL.get(2))));
            }
        }
        return tests;
    }

    /** Random normal rows at three scales, and (last) a row of extreme values for the op. */
    private static List<Tensor> inputs(Op op) {
        SplittableRandom rng = new SplittableRandom(16 + op.ordinal());
        List<Tensor> out = new ArrayList<>();
        for (double scale : new double[] {0.1, 1, 5}) out.add(Tensor.randn(rng, 3, 8).mul(scale));
        double[] extreme = switch (op) {
            // exp(40) ≈ 2e17: far in the tails, where 1 − σ rounds to 0, yet every intermediate of the composition is
            // finite; tiny inputs test the cancellation near 0.
            case SIGMOID, TANH -> new double[] {-40, -20, -1e-9, 0, 1e-12, 3e-5, 20, 40};
            case ERF, GELU -> new double[] {-9, -6, -1e-9, 0, 1e-12, 2.5, 6, 9};
            // logits a thousand apart (one class takes everything) and large but close ones
            case SOFTMAX -> new double[] {-1000, 0, 1000, 1000.5, 999, 998, -1e3, 1001};
            // a large offset with a small spread: the variance must come from centred values
            case LAYER_NORM -> new double[] {1e6, 1e6 + 1, 1e6 - 1, 1e6 + 0.5, 1e6, 1e6 - 2, 1e6 + 3, 1e6};
            default -> throw new IllegalArgumentException(op.toString());
        };
        out.add(Tensor.of(extreme, 1, extreme.length));
        return out;
    }

    private static void check(Fused f, Tensor x0, double secondTol) {
        SplittableRandom rng = new SplittableRandom(7);
        Tensor cot = Tensor.randn(rng, x0.shape().dims()), dir = Tensor.randn(rng, x0.shape().dims());
        Var x = Var.param(x0);
        Var yf = f.fused().apply(x), yc = f.composed().apply(x);
        assertClose(yc.value(), yf.value(), f.valueTol(), "value");

        Tensor dCompose = vjp(yc, x, cot, GradMode.NO_GRAPH), dFused = vjp(yf, x, cot, GradMode.NO_GRAPH);
        Tensor dRule = vjp(yf, x, cot, GradMode.CREATE_GRAPH);
        assertClose(dCompose, dFused, DERIVATIVE_TOL.get(1), "first derivative, fused backward");
        assertClose(dCompose, dRule, DERIVATIVE_TOL.get(1), "first derivative, graph rule");
        if (f.op() == Op.ERF || f.op() == Op.TANH) {
            assertEquals(0.0, dRule.maxAbsDiff(dFused), "fused backward has the bits of the graph rule");
        }

        Tensor hCompose = hvp(f.composed(), x0, cot, dir), hFused = hvp(f.fused(), x0, cot, dir);
        assertClose(hCompose, hFused, secondTol, "second derivative");
        if (f.op() == Op.ERF) {
            // d²erf/dx² = −2x · 2/√π · exp(−x²), the derivative of the graph rule
            double[] xs = x0.data(), c = cot.data(), v = dir.data(), want = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                want[i] = c[i] * v[i] * -2 * xs[i] * SpecialFunctions.TWO_OVER_SQRT_PI * Math.exp(-xs[i] * xs[i]);
            }
            assertClose(Tensor.of(want, x0.shape().dims()), hFused, secondTol, "erf'' closed form");
        }
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
