package org.flatlens.nn.onnx;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flatlens.tensor.Tensor;

/**
 * Finds the node groups a {@link GraphPlan} runs as one operation ({@link Fused}): the five nodes of an exported exact
 * GELU, and a MatMul by a Transpose of the last two axes. The nodes a group replaces are added to {@code fused}.
 */
final class Fusions {
    private final OnnxGraph g;
    private final Map<String, GraphNode> producer;
    private final Map<String, List<GraphNode>> consumers;
    private final Set<GraphNode> fused;
    private final Map<GraphNode, LinearStep> linear;
    private final Map<GraphNode, Fused> grouped = new HashMap<>();

    Fusions(OnnxGraph g, Map<String, GraphNode> producer, Map<String, List<GraphNode>> consumers, Set<GraphNode> fused,
            Map<GraphNode, LinearStep> linear) {
        this.g = g;
        this.producer = producer;
        this.consumers = consumers;
        this.fused = fused;
        this.linear = linear;
    }

    /** The groups, by the node whose output is the group's. */
    Map<GraphNode, Fused> find() {
        findGelus();
        findTransposedProducts();
        return grouped;
    }

    /** Replaces each exported exact GELU (five nodes, see {@link FusedGelu}) by the primitive. */
    private void findGelus() {
        for (GraphNode erf : g.nodes()) {
            if (!erf.opType().equals("Erf")) continue;
            GraphNode div = producer.get(erf.input(0));
            if (div == null || !div.opType().equals("Div") || !near(scalar(div.input(1)), Math.sqrt(2))) continue;
            String x = div.input(0);
            GraphNode add = only(erf), mul = add == null ? null : only(add), half = mul == null ? null : only(mul);
            if (add == null || !add.opType().equals("Add") || !near(scalar(other(add, erf)), 1.0)) continue;
            if (mul == null || !mul.opType().equals("Mul") || !x.equals(other(mul, add))) continue;
            if (half == null || !half.opType().equals("Mul") || !near(scalar(other(half, mul)), 0.5)) continue;
            if (consumers.get(div.outputs().get(0)).size() != 1) continue;
            fused.addAll(List.of(div, erf, add, mul));
            grouped.put(half, new FusedGelu(x, half.outputs().get(0)));
        }
    }

    /** MatMul of an activation by a Transpose (of the last two axes) of another, e.g. attention scores. */
    private void findTransposedProducts() {
        for (GraphNode n : g.nodes()) {
            if (!n.opType().equals("MatMul") || linear.containsKey(n)) continue;
            GraphNode t = producer.get(n.input(1));
            if (t == null || !t.opType().equals("Transpose") || fused.contains(t) || only(t) != n) continue;
            long[] perm = t.ints("perm", null);
            int r = perm == null ? -1 : perm.length;
            boolean swapsLastTwo = r >= 2 && perm[r - 2] == r - 1 && perm[r - 1] == r - 2;
            for (int i = 0; i < r - 2 && swapsLastTwo; i++) swapsLastTwo = perm[i] == i;
            if (!swapsLastTwo) continue;
            fused.add(t);
            grouped.put(n, new TransposedMatMul(n.input(0), t.input(0), n.outputs().get(0)));
        }
    }

    /** The single consumer of {@code n}'s output, or null. */
    private GraphNode only(GraphNode n) {
        List<GraphNode> c = consumers.getOrDefault(n.outputs().get(0), List.of());
        return c.size() == 1 ? c.get(0) : null;
    }

    /** The input of binary {@code n} that is not {@code from}'s output. */
    private static String other(GraphNode n, GraphNode from) {
        String out = from.outputs().get(0);
        return n.input(0).equals(out) ? n.input(1) : n.input(0);
    }

    /** The value of a scalar Constant node's output or scalar initializer, or NaN. */
    private double scalar(String name) {
        Tensor t = g.initializers().get(name);
        GraphNode p = producer.get(name);
        if (t == null && p != null && p.opType().equals("Constant")) t = p.tensor("value");
        return t != null && t.size() == 1 ? t.data()[0] : Double.NaN;
    }

    /** Equal up to float32 rounding: how an exporter stores a float constant. */
    private static boolean near(double a, double b) {
        return Math.abs(a - b) <= 1e-7 * Math.abs(b);
    }
}
