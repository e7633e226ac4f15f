package org.flatlens.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.GradCheck;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A central finite-difference check of every primitive's gradient rule (float64), with a random cotangent so the whole
 * vector–Jacobian product is checked, and a sweep asserting that every {@link Op} has at least one check; every
 * function of {@link UnaryOps#ALL} is checked (without a graph, so through its fused backward where it has one).
 */
class OpGradientTest {
    private static final double TOL = 1e-7;

    record Case(Op op, String name, GradCheck.ScalarFn fn, List<Tensor> inputs) {}

    /** A random projection of {@code out} to a scalar; the same for the same shape. */
    static Var project(Var out) {
        return GradCheck.project(out);
    }

    static Tensor normal(SplittableRandom r, int... dims) {
        return Tensor.randn(r, dims);
    }

    static Tensor positive(SplittableRandom r, int... dims) {
        return Tensor.uniform(r, 0.5, 2.0, dims);
    }

    static List<Case> cases() {
        SplittableRandom r = new SplittableRandom(2024);
        List<Case> c = new ArrayList<>();
        add(c, Op.NEG, "neg", v -> v.get(0).neg(), normal(r, 3, 4));
        add(c, Op.POW, "pow 3", v -> v.get(0).pow(3), normal(r, 3, 4));
        add(c, Op.POW, "pow -1.5", v -> v.get(0).pow(-1.5), positive(r, 3, 4));
        add(c, Op.POW, "sqrt", v -> v.get(0).sqrt(), positive(r, 5));
        add(c, Op.POW, "square", v -> v.get(0).square(), normal(r, 5));
        // Every registered function at two scales in its domain, so a new one is checked without an edit here.
        for (UnaryOp f : UnaryOps.ALL) {
            for (double scale : new double[] {0.5, 2}) {
                add(c, Op.UNARY, f.name() + " at scale " + scale, v -> v.get(0).apply(f),
                        UnaryOpInputs.random(f.domain(), r, scale, 2, 3, 5));
            }
        }
        add(c, Op.UNARY, "softmax of one", v -> v.get(0).softmax(), normal(r, 4, 1));
        add(c, Op.UNARY, "layer norm large eps", v -> v.get(0).layerNorm(0.5), normal(r, 2, 2, 4).mul(0.3));
        add(c, Op.SCALE, "scale", v -> v.get(0).mul(-2.5), normal(r, 3, 4));
        add(c, Op.ADD_SCALAR, "add scalar", v -> v.get(0).add(3.0).square(), normal(r, 3, 4));
        add(c, Op.ADD, "add same", v -> v.get(0).add(v.get(1)).square(), normal(r, 2, 3), normal(r, 2, 3));
        add(c, Op.ADD, "add row", v -> v.get(0).add(v.get(1)).square(), normal(r, 2, 3), normal(r, 3));
        add(c, Op.ADD, "add middle", v -> v.get(0).add(v.get(1)).square(), normal(r, 2, 1, 3), normal(r, 4, 1));
        add(c, Op.SUB, "sub", v -> v.get(0).sub(v.get(1)).square(), normal(r, 2, 3), normal(r, 2, 1));
        add(c, Op.MUL, "mul", v -> v.get(0).mul(v.get(1)), normal(r, 2, 3, 4), normal(r, 3, 1));
        add(c, Op.MUL, "mul self", v -> v.get(0).mul(v.get(0)), normal(r, 4));
        add(c, Op.MUL, "mul same shapes", v -> v.get(0).mul(v.get(1)), normal(r, 2, 3, 4), normal(r, 2, 3, 4));
        add(c, Op.DIV, "div", v -> v.get(0).div(v.get(1)), normal(r, 2, 3), positive(r, 3));
        add(c, Op.DIV, "div scalar-tensor", v -> v.get(0).div(v.get(1)), normal(r, 1), positive(r, 2, 2));
        add(c, Op.SUM, "sum all", v -> v.get(0).square().sum(), normal(r, 2, 3));
        add(c, Op.SUM, "sum axis 1 keep", v -> v.get(0).sum(1, true), normal(r, 2, 3, 4));
        add(c, Op.SUM, "sum axes 0,2", v -> v.get(0).sum(new int[] {0, 2}, false), normal(r, 2, 3, 4));
        add(c, Op.SUM, "sum axis -1", v -> v.get(0).sum(-1, false).square(), normal(r, 3, 4));
        add(c, Op.RESHAPE, "reshape", v -> v.get(0).reshape(4, -1).square(), normal(r, 2, 3, 2));
        add(c, Op.PERMUTE, "permute", v -> v.get(0).permute(2, 0, 1).mul(v.get(1)), normal(r, 2, 3, 4),
                normal(r, 4, 2, 3));
        add(c, Op.PERMUTE, "transpose", v -> v.get(0).transpose(0, 1).square(), normal(r, 3, 5));
        add(c, Op.SLICE, "slice", v -> v.get(0).slice(1, 1, 3).square(), normal(r, 2, 4, 3));
        add(c, Op.PAD, "pad", v -> v.get(0).pad(0, 2, 1).exp(), normal(r, 2, 3));
        add(c, Op.CONCAT, "concat", v -> Var.concat(1, v.get(0), v.get(1), v.get(0)).square(), normal(r, 2, 3),
                normal(r, 2, 1));
        add(c, Op.EXPAND, "expand", v -> v.get(0).expand(Shape.of(2, 3, 4)).square(), normal(r, 3, 1));
        int[] idx = {0, 5, 5, 2, 11, 3, 0};
        add(c, Op.GATHER, "gather with repeats", v -> v.get(0).gather(idx, Shape.of(7)).square(), normal(r, 3, 4));
        add(c, Op.SCATTER_ADD, "scatter with repeats", v -> v.get(0).scatterAdd(idx, Shape.of(3, 4)).square(),
                normal(r, 7));
        add(c, Op.MATMUL, "matmul", v -> v.get(0).matmul(v.get(1)), normal(r, 3, 4), normal(r, 4, 5));
        add(c, Op.MATMUL, "matmul A^T", v -> v.get(0).matmul(v.get(1), true, false), normal(r, 4, 3), normal(r, 4, 5));
        add(c, Op.MATMUL, "matmul B^T", v -> v.get(0).matmul(v.get(1), false, true), normal(r, 3, 4), normal(r, 5, 4));
        add(c, Op.MATMUL, "matmul A^T B^T", v -> v.get(0).matmul(v.get(1), true, true), normal(r, 4, 3),
                normal(r, 5, 4));
        add(c, Op.MATMUL, "matmul batched", v -> v.get(0).matmul(v.get(1)), normal(r, 2, 3, 4), normal(r, 4, 5));
        add(c, Op.MATMUL, "matmul broadcast batch", v -> v.get(0).matmul(v.get(1), false, true),
                normal(r, 2, 1, 3, 4), normal(r, 3, 5, 4));
        add(c, Op.CONV2D, "conv2d stride 1 pad 1", v -> v.get(0).conv2d(v.get(1), 1, 1), normal(r, 2, 2, 5, 5),
                normal(r, 3, 2, 3, 3));
        add(c, Op.CONV2D, "conv2d stride 2 pad 0", v -> v.get(0).conv2d(v.get(1), 2, 0), normal(r, 1, 2, 6, 6),
                normal(r, 2, 2, 2, 2));
        add(c, Op.CONV2D_TRANSPOSE, "conv2d transpose",
                v -> v.get(0).conv2dTranspose(v.get(1), Shape.of(2, 2, 5, 5), 2, 1, 1), normal(r, 2, 3, 3, 3),
                normal(r, 3, 2, 3, 3));
        add(c, Op.CONV2D_WEIGHT_GRAD, "conv2d weight grad",
                v -> v.get(0).conv2dWeightGrad(v.get(1), Shape.of(3, 2, 3, 3), 1, 1, 1), normal(r, 2, 2, 4, 4),
                normal(r, 2, 3, 4, 4));
        add(c, Op.CONV2D, "conv2d dilation 2 pad 2", v -> v.get(0).conv2d(v.get(1), 1, 2, 2), normal(r, 2, 2, 6, 6),
                normal(r, 3, 2, 3, 3));
        add(c, Op.CONV2D, "conv2d dilation 3 stride 2, 2x3 kernel", v -> v.get(0).conv2d(v.get(1), 2, 1, 3),
                normal(r, 1, 2, 8, 9), normal(r, 2, 2, 2, 3));
        add(c, Op.CONV2D_TRANSPOSE, "conv2d transpose dilation 2",
                v -> v.get(0).conv2dTranspose(v.get(1), Shape.of(2, 2, 7, 7), 2, 1, 2), normal(r, 2, 3, 3, 3),
                normal(r, 3, 2, 3, 3));
        add(c, Op.CONV2D_WEIGHT_GRAD, "conv2d weight grad dilation 2",
                v -> v.get(0).conv2dWeightGrad(v.get(1), Shape.of(3, 2, 3, 3), 1, 2, 2), normal(r, 2, 2, 5, 5),
                normal(r, 2, 3, 5, 5));
        return c;
    }

    private static void add(List<Case> c, Op op, String name, GradCheck.ScalarFn f, Tensor... inputs) {
        c.add(new Case(op, name, v -> project(f.apply(v)), List.of(inputs)));
    }

    @TestFactory
    Stream<DynamicTest> everyPrimitiveMatchesFiniteDifferences() {
        return cases().stream().map(k -> DynamicTest.dynamicTest(k.op() + ": " + k.name(), () -> {
            double err = GradCheck.relError(k.fn(), k.inputs());
            assertTrue(err < TOL, k.name() + ": relative error " + err);
        }));
    }

    @Test
    void everyPrimitiveHasAGradientCheck() {
        Map<Op, Integer> counts = new EnumMap<>(Op.class);
        for (Case k : cases()) counts.merge(k.op(), 1, Integer::sum);
        List<Op> missing = new ArrayList<>();
        for (Op op : Op.values()) if (!counts.containsKey(op)) missing.add(op);
        System.out.printf("gradient checks: %d cases over %d of %d primitives%n", cases().size(), counts.size(),
                Op.values().length);
        assertEquals(List.of(), missing, "primitives without a finite-difference gradient check");
    }
}
