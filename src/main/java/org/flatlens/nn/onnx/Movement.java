package org.flatlens.nn.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * ONNX's movement and shape operators: Flatten, Reshape, Transpose, Concat, Slice, Gather, Squeeze, Unsqueeze, Expand,
 * Cast, and the shape arithmetic of exported graphs (Shape, ConstantOfShape, Equal, Where) on static values.
 */
final class Movement {
    private Movement() {}

    static Var apply(GraphNode n, Values v, long opset) {
        return switch (n.opType()) {
            case "Flatten" -> flatten(n, v);
            case "Reshape" -> reshape(n, v);
            case "Transpose" -> transpose(n, v);
            case "Concat" -> concat(n, v);
            case "Slice" -> slice(n, v, opset);
            case "Gather" -> gather(n, v);
            case "Squeeze" -> squeeze(n, v, opset);
            case "Unsqueeze" -> unsqueeze(n, v, opset);
            case "Expand" -> expand(n, v);
            case "Cast" -> cast(n, v);
            case "Pad" -> pad(n, v, opset);
            case "Shape" -> shape(n, v);
            case "ConstantOfShape" -> constantOfShape(n, v);
            case "Equal" -> Var.constant(NodeOps.in(v, n, 0).value().zip(NodeOps.in(v, n, 1).value(),
                    (a, b) -> a == b ? 1 : 0));
            case "Where" -> where(n, v);
            default -> throw NodeOps.fail(v, n, "is not supported (supported operators: "
                    + String.join(", ", new java.util.TreeSet<>(NodeOps.SUPPORTED)) + ")");
        };
    }

    private static Var flatten(GraphNode n, Values v) {
        Var x = NodeOps.in(v, n, 0);
        int axis = (int) n.integer("axis", 1);
        if (axis < 0) axis += x.shape().rank();
        return x.reshape(x.shape().sizeOf(0, axis), -1);
    }

    private static Var reshape(GraphNode n, Values v) {
        Var x = NodeOps.in(v, n, 0);
        long[] target = v.ints(n, n.input(1));
        int[] dims = new int[target.length];
        boolean allowZero = n.integer("allowzero", 0) == 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = target[i] == 0 && !allowZero ? x.shape().dim(i) : (int) target[i];
        }
        return x.reshape(dims);
    }

    private static Var transpose(GraphNode n, Values v) {
        Var x = NodeOps.in(v, n, 0);
        int r = x.shape().rank();
        long[] perm = n.ints("perm", null);
        int[] p = new int[r];
        for (int i = 0; i < r; i++) p[i] = perm == null ? r - 1 - i : (int) perm[i];
        return x.permute(p);
    }

    /** Concat; a parameter operand (a class token) is recorded per batch row, as in an elementwise op. */
    private static Var concat(GraphNode n, Values v) {
        List<Var> parts = new ArrayList<>();
        for (String in : n.inputs()) {
            Var p = v.get(in);
            parts.add(v.isParam(in) ? v.paramUse(in, p.shape()) : p);
        }
        return Var.concat((int) n.integer("axis", 0), parts.toArray(Var[]::new));
    }

    private static Var slice(GraphNode n, Values v, long opset) {
        Var x = NodeOps.in(v, n, 0);
        long[] starts, ends, axes, steps;
        if (opset >= 10) {
            starts = v.ints(n, n.input(1));
            ends = v.ints(n, n.input(2));
            axes = n.input(3) == null ? null : v.ints(n, n.input(3));
            steps = n.input(4) == null ? null : v.ints(n, n.input(4));
        } else {
            starts = n.ints("starts", null);
            ends = n.ints("ends", null);
            axes = n.ints("axes", null);
            steps = null;
        }
        for (int i = 0; i < starts.length; i++) {
            if (steps != null && steps[i] != 1) throw NodeOps.fail(v, n, "has step " + steps[i] + "; only 1 is supported");
            int axis = x.shape().axis(axes == null ? i : (int) axes[i]);
            int size = x.shape().dim(axis);
            int from = clamp(starts[i], size), to = clamp(ends[i], size);
            x = x.slice(axis, from, Math.max(from, to));
        }
        return x;
    }

    private static int clamp(long index, int size) {
        long i = index < 0 ? index + size : index;
        return (int) Math.max(0, Math.min(size, i));
    }

    /** Gather along an axis; a scalar index drops the axis (numpy {@code x[..., i, ...]}). */
    private static Var gather(GraphNode n, Values v) {
        Var x = NodeOps.in(v, n, 0);
        Tensor idx = v.constant(n, n.input(1));
        int axis = x.shape().axis((int) n.integer("axis", 0));
        int size = x.shape().dim(axis);
        int[] dims = x.shape().dims();
        if (idx.rank() == 0) {
            int i = clamp((long) idx.item(), size);
            int[] out = new int[dims.length - 1];
            for (int a = 0, o = 0; a < dims.length; a++) if (a != axis) out[o++] = dims[a];
            return x.slice(axis, i, i + 1).reshape(out);
        }
        List<Var> parts = new ArrayList<>();
        for (double d : idx.data()) {
            int i = (int) (d < 0 ? d + size : d);
            parts.add(x.slice(axis, i, i + 1));
        }
        Var g = Var.concat(axis, parts.toArray(Var[]::new));
        int[] out = new int[dims.length - 1 + idx.rank()];
        int o = 0;
        for (int a = 0; a < axis; a++) out[o++] = dims[a];
        for (int d : idx.shape().dims()) out[o++] = d;
        for (int a = axis + 1; a < dims.length; a++) out[o++] = dims[a];
        return g.reshape(out);
    }

    private static long[] axes(GraphNode n, Values v, long opset) {
        return opset >= 13 ? (n.input(1) == null ? null : v.ints(n, n.input(1))) : n.ints("axes", null);
    }

    private static Var squeeze(GraphNode n, Values v, long opset) {
        Var x = NodeOps.in(v, n, 0);
        long[] axes = axes(n, v, opset);
        int[] dims = x.shape().dims();
        List<Integer> out = new ArrayList<>();
        for (int a = 0; a < dims.length; a++) {
            boolean named = false;
            if (axes != null) for (long b : axes) named |= (b < 0 ? b + dims.length : b) == a;
            boolean drop = axes == null ? dims[a] == 1 : named;
            if (drop && dims[a] != 1) throw NodeOps.fail(v, n, "squeezes axis " + a + " of size " + dims[a]);
            if (!drop) out.add(dims[a]);
        }
        return x.reshape(out.stream().mapToInt(Integer::intValue).toArray());
    }

    private static Var unsqueeze(GraphNode n, Values v, long opset) {
        Var x = NodeOps.in(v, n, 0);
        long[] axes = axes(n, v, opset);
        int rank = x.shape().rank() + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) inserted[(int) (a < 0 ? a + rank : a)] = true;
        int[] dims = new int[rank];
        for (int a = 0, i = 0; a < rank; a++) dims[a] = inserted[a] ? 1 : x.shape().dim(i++);
        return x.reshape(dims);
    }

    /** Expand (bidirectional broadcast); an expanded parameter (a class token) is recorded per batch row. */
    private static Var expand(GraphNode n, Values v) {
        String name = n.input(0);
        Var x = v.get(name);
        long[] s = v.ints(n, n.input(1));
        Shape target = Shape.broadcast(x.shape(), Shape.of(Arrays.stream(s).mapToInt(d -> (int) d).toArray()));
        return (v.isParam(name) ? v.paramUse(name, target) : x).expand(target);
    }

    /** Zero padding ({@code mode} constant, value 0), as exporters put before pools and convolutions. */
    private static Var pad(GraphNode n, Values v, long opset) {
        Var x = NodeOps.in(v, n, 0);
        GraphNode.Attribute mode = n.attributes().get("mode");
        if (mode != null && mode.s() != null && !new String(mode.s(), java.nio.charset.StandardCharsets.UTF_8)
                .equals("constant")) {
            throw NodeOps.fail(v, n, "pads in mode " + new String(mode.s(), java.nio.charset.StandardCharsets.UTF_8)
                    + "; only constant (zero) padding is supported");
        }
        long[] pads = opset >= 11 ? v.ints(n, n.input(1)) : n.ints("pads", null);
        if (n.input(2) != null && v.constant(n, n.input(2)).data()[0] != 0) {
            throw NodeOps.fail(v, n, "pads with a non-zero value; only zero padding is supported");
        }
        int r = x.shape().rank();
        long[] axes = n.input(3) == null ? null : v.ints(n, n.input(3));
        int count = pads.length / 2;
        if (axes == null && count != r) throw NodeOps.fail(v, n, "has " + pads.length + " pads for rank " + r);
        for (int i = 0; i < count; i++) {
            int axis = axes == null ? i : x.shape().axis((int) axes[i]);
            if (pads[i] < 0 || pads[i + count] < 0) throw NodeOps.fail(v, n, "crops (negative padding)");
            if (pads[i] != 0 || pads[i + count] != 0) x = x.pad(axis, (int) pads[i], (int) pads[i + count]);
        }
        return x;
    }

    /** Casts between float types change nothing in float64; a static value may also become an integer. */
    private static Var cast(GraphNode n, Values v) {
        Var x = NodeOps.in(v, n, 0);
        long to = n.integer("to", 1);
        boolean toFloat = to == 1 || to == 11 || to == 10 || to == 16;
        if (toFloat) return x;
        if (!v.isStatic(n.input(0))) throw NodeOps.fail(v, n, "casts the network's values to ONNX type " + to);
        return Var.constant(x.value().map(d -> d < 0 ? Math.ceil(d) : Math.floor(d)));
    }

    private static Var shape(GraphNode n, Values v) {
        int[] dims = NodeOps.in(v, n, 0).shape().dims();
        int start = clamp(n.integer("start", 0), dims.length), end = clamp(n.integer("end", dims.length), dims.length);
        double[] d = new double[Math.max(0, end - start)];
        for (int i = 0; i < d.length; i++) d[i] = dims[start + i];
        return Var.constant(Tensor.of(d, d.length));
    }

    private static Var constantOfShape(GraphNode n, Values v) {
        long[] s = v.ints(n, n.input(0));
        Tensor value = n.tensor("value");
        double fill = value == null ? 0.0 : value.data()[0];
        return Var.constant(Tensor.full(Shape.of(Arrays.stream(s).mapToInt(d -> (int) d).toArray()), fill));
    }

    private static Var where(GraphNode n, Values v) {
        Tensor c = NodeOps.in(v, n, 0).value(), a = NodeOps.in(v, n, 1).value(), b = NodeOps.in(v, n, 2).value();
        Shape out = Shape.broadcast(c.shape(), Shape.broadcast(a.shape(), b.shape()));
        Tensor cc = c.expand(out), aa = a.expand(out), bb = b.expand(out);
        double[] d = new double[out.size()];
        for (int i = 0; i < d.length; i++) d[i] = cc.data()[i] != 0 ? aa.data()[i] : bb.data()[i];
        return Var.constant(new Tensor(out, d));
    }
}
