package org.flatlens.nn.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;
import org.flatlens.tensor.UserInputException;

/**
 * The ONNX operators other than the linear layers ({@link LinearStep}), each as a composition of FlatLens's
 * differentiable primitives, with ONNX's semantics (numpy broadcasting, negative axes counted from the end).
 * Operators that only compute shapes (Shape, ConstantOfShape, Equal, Where, Cast) work on static values.
 */
final class NodeOps {
    /** Every operator {@link #run} accepts (Gemm, MatMul and Conv also as linear layers). */
    static final Set<String> SUPPORTED = Set.of("Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Conv", "Relu", "Tanh",
            "Sigmoid", "Erf", "Gelu", "Softmax", "MaxPool", "AveragePool", "GlobalAveragePool", "Flatten", "Reshape",
            "Transpose", "Concat", "Slice", "Gather", "Squeeze", "Unsqueeze", "LayerNormalization",
            "BatchNormalization", "Identity", "Dropout", "Constant", "Shape", "ConstantOfShape", "Expand", "Equal",
            "Where", "Cast", "Split", "Pow", "Sqrt", "ReduceMean", "Neg", "Pad");
    private static final Set<String> SHAPE_ONLY = Set.of("Shape", "ConstantOfShape", "Equal", "Where");

    private NodeOps() {}

    /** Computes {@code n}'s outputs from {@code v} and stores them there. */
    static void run(GraphNode n, Values v, long opset) {
        boolean allStatic = true;
        for (String in : n.inputs()) if (!in.isEmpty() && !v.isStatic(in)) allStatic = false;
        boolean isStatic = allStatic || n.opType().equals("Shape");
        if (SHAPE_ONLY.contains(n.opType()) && !isStatic) {
            throw fail(v, n, "is supported only on constants and shapes, but its input depends on the network's input");
        }
        List<Var> out = switch (n.opType()) {
            case "Split" -> split(n, v, opset);
            default -> List.of(single(n, v, opset));
        };
        for (int i = 0; i < out.size() && i < n.outputs().size(); i++) {
            if (!n.outputs().get(i).isEmpty()) v.put(n.outputs().get(i), out.get(i), isStatic);
        }
    }

    private static Var single(GraphNode n, Values v, long opset) {
        return switch (n.opType()) {
            case "Constant" -> Var.constant(constant(n, v));
            case "Identity", "Dropout" -> in(v, n, 0);
            case "Add", "Sub", "Mul", "Div" -> binary(n, v);
            case "Neg" -> in(v, n, 0).neg();
            case "Relu" -> in(v, n, 0).relu();
            case "Tanh" -> in(v, n, 0).tanh();
            case "Sigmoid" -> in(v, n, 0).sigmoid();
            case "Erf" -> in(v, n, 0).erf();
            case "Sqrt" -> in(v, n, 0).sqrt();
            case "Pow" -> pow(n, v);
            case "Gelu" -> gelu(n, v);
            case "Softmax" -> softmax(n, v, opset);
            case "ReduceMean" -> reduceMean(n, v, opset);
            case "Gemm" -> gemm(n, v);
            case "MatMul" -> in(v, n, 0).matmul(in(v, n, 1));
            case "Conv" -> throw fail(v, n, "has no weight initializer; FlatLens convolves with parameters only");
            case "MaxPool", "AveragePool", "GlobalAveragePool" -> Pooling.apply(n, v, in(v, n, 0));
            case "BatchNormalization" -> Normalization.batchNorm(n, v);
            case "LayerNormalization" -> Normalization.layerNorm(n, v);
            default -> Movement.apply(n, v, opset);
        };
    }

    static Var in(Values v, GraphNode n, int i) {
        String name = n.input(i);
        if (name == null) throw fail(v, n, "lacks its input " + i);
        return v.get(name);
    }

    static UserInputException fail(Values v, GraphNode n, String what) {
        return new UserInputException(v.source + ": " + n.describe() + " " + what);
    }

    private static Tensor constant(GraphNode n, Values v) {
        Tensor t = n.tensor("value");
        if (t != null) return t;
        GraphNode.Attribute a;
        if ((a = n.attributes().get("value_float")) != null) return Tensor.scalar(a.f());
        if ((a = n.attributes().get("value_int")) != null) return Tensor.scalar(a.i());
        if ((a = n.attributes().get("value_ints")) != null) {
            return Tensor.of(Arrays.stream(a.ints()).asDoubleStream().toArray(), a.ints().length);
        }
        if ((a = n.attributes().get("value_floats")) != null) return Tensor.of(a.floats(), a.floats().length);
        throw fail(v, n, "has no value attribute FlatLens reads (value, value_float(s), value_int(s))");
    }

    /** Add, Sub, Mul, Div with numpy broadcasting; a parameter operand is recorded per batch row. */
    private static Var binary(GraphNode n, Values v) {
        String a = n.input(0), b = n.input(1);
        Shape out = Shape.broadcast(v.get(a).shape(), v.get(b).shape());
        Var x = v.isParam(a) ? v.paramUse(a, out) : v.get(a);
        Var y = v.isParam(b) ? v.paramUse(b, out) : v.get(b);
        return switch (n.opType()) {
            case "Add" -> x.add(y);
            case "Sub" -> x.sub(y);
            case "Mul" -> x.mul(y);
            default -> {
                if (v.isStatic(a) && v.isStatic(b)) yield Var.constant(integerAware(x.value(), y.value()));
                yield x.div(y);
            }
        };
    }

    /** Division of static values: integers divide as integers (ONNX int64 Div truncates), numbers as numbers. */
    private static Tensor integerAware(Tensor a, Tensor b) {
        Tensor q = a.div(b);
        boolean ints = Arrays.stream(a.data()).allMatch(d -> d == Math.rint(d))
                && Arrays.stream(b.data()).allMatch(d -> d == Math.rint(d));
        return ints ? q.map(d -> d < 0 ? Math.ceil(d) : Math.floor(d)) : q;
    }

    private static Var pow(GraphNode n, Values v) {
        Tensor e = v.constant(n, n.input(1));
        if (e.size() != 1) throw fail(v, n, "has a non-scalar exponent; only a constant scalar is supported");
        double p = e.data()[0];
        return p == 2.0 ? in(v, n, 0).square() : in(v, n, 0).pow(p);
    }

    private static Var gelu(GraphNode n, Values v) {
        GraphNode.Attribute a = n.attributes().get("approximate");
        if (a != null && a.s() != null && !new String(a.s(), java.nio.charset.StandardCharsets.UTF_8).equals("none")) {
            throw fail(v, n, "uses the tanh approximation; only the exact (erf) GELU is supported");
        }
        return in(v, n, 0).gelu();
    }

    private static Var softmax(GraphNode n, Values v, long opset) {
        Var x = in(v, n, 0);
        int axis = (int) n.integer("axis", opset >= 13 ? -1 : 1);
        if (opset < 13 && x.shape().rank() != 2) {
            throw fail(v, n, "before opset 13 flattens its input to 2-D; export with opset 13 or later");
        }
        return org.flatlens.autodiff.Functions.softmax(x, axis);
    }

    private static Var reduceMean(GraphNode n, Values v, long opset) {
        Var x = in(v, n, 0);
        long[] axes = opset >= 18 && n.input(1) != null ? v.ints(n, n.input(1)) : n.ints("axes", null);
        int rank = x.shape().rank();
        int[] ax = axes == null ? java.util.stream.IntStream.range(0, rank).toArray()
                : Arrays.stream(axes).mapToInt(a -> (int) (a < 0 ? a + rank : a)).toArray();
        boolean keep = n.integer("keepdims", 1) == 1;
        if (ax.length == 1) return x.mean(ax[0], keep);
        int count = 1;
        for (int a : ax) count *= x.shape().dim(a);
        return x.sum(ax, keep).div(count);
    }

    /** Gemm on values that are not a linear layer's: {@code alpha·op(A)·op(B) + beta·C}. */
    private static Var gemm(GraphNode n, Values v) {
        Var y = in(v, n, 0).matmul(in(v, n, 1), n.integer("transA", 0) == 1, n.integer("transB", 0) == 1);
        double alpha = n.number("alpha", 1.0), beta = n.number("beta", 1.0);
        if (alpha != 1.0) y = y.mul(alpha);
        if (n.input(2) == null) return y;
        Var c = v.isParam(n.input(2)) ? v.paramUse(n.input(2), y.shape()) : in(v, n, 2);
        return y.add(beta == 1.0 ? c : c.mul(beta));
    }

    private static List<Var> split(GraphNode n, Values v, long opset) {
        Var x = in(v, n, 0);
        int axis = x.shape().axis((int) n.integer("axis", 0));
        int size = x.shape().dim(axis), parts = n.outputs().size();
        long[] sizes = opset >= 13 && n.input(1) != null ? v.ints(n, n.input(1)) : n.ints("split", null);
        if (sizes == null) {
            if (size % parts != 0) throw fail(v, n, "cannot split " + size + " into " + parts + " equal parts");
            sizes = new long[parts];
            Arrays.fill(sizes, size / parts);
        }
        List<Var> out = new ArrayList<>();
        int from = 0;
        for (long s : sizes) {
            out.add(x.slice(axis, from, from + (int) s));
            from += (int) s;
        }
        return out;
    }
}
