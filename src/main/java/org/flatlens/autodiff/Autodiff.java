package org.flatlens.autodiff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.flatlens.tensor.Tensor;

/**
 * Reverse-mode differentiation of a graph of {@link Var}s: vector–Jacobian products with respect to any nodes
 * (parameters or intermediate values), and on top of them Hessian–vector and Jacobian–vector products.
 */
public final class Autodiff {
    private Autodiff() {}

    /**
     * The cotangents of {@code inputs} given cotangents of {@code outputs}: {@code Σ_o J_oᵀ c_o}.
     *
     * @param outputs    nodes to differentiate
     * @param inputs     nodes to differentiate with respect to (leaves or intermediate nodes)
     * @param cotangents one per output, of the output's shape; null means all ones (the gradient of the sum)
     * @param mode       whether the result is itself a differentiable graph
     * @return one cotangent per input, of the input's shape (zeros where an input does not influence the outputs)
     */
    public static List<Var> grad(List<Var> outputs, List<Var> inputs, List<Var> cotangents, GradMode mode) {
        if (cotangents != null && cotangents.size() != outputs.size()) {
            throw new IllegalArgumentException(cotangents.size() + " cotangents for " + outputs.size() + " outputs");
        }
        Set<Var> inputSet = Collections.newSetFromMap(new IdentityHashMap<>());
        inputSet.addAll(inputs);
        List<Var> order = topologicalOrder(outputs);
        Set<Var> needed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Var v : order) {
            boolean n = inputSet.contains(v);
            for (Var in : v.inputs()) n |= needed.contains(in);
            if (n) needed.add(v);
        }
        boolean graph = mode == GradMode.CREATE_GRAPH;
        Cotangents grads = new Cotangents(graph, order);
        for (int i = 0; i < outputs.size(); i++) {
            Var out = outputs.get(i);
            Var c = cotangents == null ? Var.constant(Tensor.full(out.shape(), 1.0)) : cotangents.get(i);
            if (!c.shape().equals(out.shape())) {
                throw new IllegalArgumentException("cotangent " + c.shape() + " for output " + out.shape());
            }
            if (cotangents != null) grads.supplied(c);
            grads.add(out, graph ? c : c.detach());
        }
        for (int i = order.size() - 1; i >= 0; i--) {
            Var v = order.get(i);
            Var g = grads.get(v);
            if (g == null || v.op() == null || !needed.contains(v)) continue;
            if (!inputSet.contains(v)) grads.remove(v);
            propagate(v, g, needed, graph, grads);
        }
        List<Var> result = new ArrayList<>(inputs.size());
        for (Var in : inputs) {
            Var g = grads.get(in);
            if (g == null) g = Var.constant(Tensor.zeros(in.shape()));
            result.add(graph ? g : g.detach());
        }
        return result;
    }

    /** Gradient of a scalar with respect to {@code inputs}. */
    public static List<Var> grad(Var scalar, List<Var> inputs, GradMode mode) {
        if (scalar.shape().size() != 1) {
            throw new IllegalArgumentException("grad of a non-scalar " + scalar.shape() + ": pass cotangents");
        }
        return grad(List.of(scalar), inputs, null, mode);
    }

    /** The values of {@link #grad(Var, List, GradMode)} without graph. */
    public static List<Tensor> gradValues(Var scalar, List<Var> inputs) {
        return values(grad(scalar, inputs, GradMode.NO_GRAPH));
    }

    /**
     * The Hessian–vector product {@code H v} of a scalar {@code loss} with respect to {@code params}, exactly, by
     * differentiating {@code ⟨∇loss, v⟩} (double backward).
     *
     * @param v one tensor per parameter, of its shape; not modified
     */
    public static List<Tensor> hvp(Var loss, List<Var> params, List<Tensor> v) {
        return vjpOfGradient(grad(loss, params, GradMode.CREATE_GRAPH), params, v);
    }

    /**
     * {@code H v} from a gradient graph {@code g = ∇loss} (from {@link #grad} with {@link GradMode#CREATE_GRAPH}):
     * one backward pass through g with cotangents v, the gradient of {@code ⟨g, v⟩} without building that inner product.
     * The graph is not modified, so it can serve many products.
     *
     * @param gradient one node per parameter, of its shape
     * @param v one tensor per parameter, of its shape; not modified
     */
    public static List<Tensor> vjpOfGradient(List<Var> gradient, List<Var> params, List<Tensor> v) {
        if (gradient.size() != v.size()) {
            throw new IllegalArgumentException(gradient.size() + " gradient tensors but " + v.size() + " in v");
        }
        List<Var> cot = new ArrayList<>(v.size());
        for (Tensor t : v) cot.add(Var.constant(t));
        return values(grad(gradient, params, cot, GradMode.NO_GRAPH));
    }

    /**
     * The Jacobian–vector products {@code J t} of {@code outputs} with respect to {@code inputs}, by differentiating the
     * vector–Jacobian product {@code Jᵀu}, which is linear in u, with respect to u.
     */
    public static List<Tensor> jvp(List<Var> outputs, List<Var> inputs, List<Tensor> tangents) {
        List<Var> u = new ArrayList<>();
        for (Var o : outputs) u.add(Var.param(Tensor.zeros(o.shape())));
        List<Var> vjp = grad(outputs, inputs, u, GradMode.CREATE_GRAPH);
        return values(grad(innerProduct(vjp, tangents), u, GradMode.NO_GRAPH));
    }

    /** {@code Σ_i ⟨a_i, b_i⟩} as a scalar node. */
    public static Var innerProduct(List<Var> a, List<Tensor> b) {
        if (a.size() != b.size()) throw new IllegalArgumentException(a.size() + " vs " + b.size() + " tensors");
        Var s = null;
        for (int i = 0; i < a.size(); i++) {
            Var t = a.get(i).dot(Var.constant(b.get(i)));
            s = s == null ? t : s.add(t);
        }
        return s == null ? Var.constant(0.0) : s;
    }

    public static List<Tensor> values(List<Var> vars) {
        List<Tensor> r = new ArrayList<>(vars.size());
        for (Var v : vars) r.add(v.value());
        return r;
    }

    private static void propagate(Var v, Var g, Set<Var> needed, boolean graph, Cotangents grads) {
        Var[] in = v.inputs();
        boolean[] need = new boolean[in.length];
        boolean any = false;
        for (int j = 0; j < in.length; j++) {
            need[j] = in[j].requiresGrad() && needed.contains(in[j]);
            any |= need[j];
        }
        if (!any) return;
        Var out = v;
        Var[] args = in;
        if (!graph) {
            // Detached copies make the rule compute plain values: no graph is recorded.
            out = v.detach();
            args = new Var[in.length];
            for (int j = 0; j < in.length; j++) args[j] = in[j].detach();
        }
        if (!graph && v.op() == Op.SLICE && grads.addToSlice(in[0], g, (Attrs.Slice) v.attr())) return;
        Var[] gs = GradRules.grads(v.op(), v.attr(), out, args, g, need, grads.owns(g));
        for (int j = 0; j < in.length; j++) if (!need[j]) gs[j] = null;
        grads.addAll(in, gs, g);
    }

    /** Nodes reachable from {@code outputs} through nodes that require gradients, each after its inputs. */
    static List<Var> topologicalOrder(List<Var> outputs) {
        List<Var> order = new ArrayList<>();
        Set<Var> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        for (Var root : outputs) {
            if (!root.requiresGrad() || !visited.add(root)) continue;
            stack.push(new Object[] {root, 0});
            while (!stack.isEmpty()) {
                Object[] top = stack.peek();
                Var v = (Var) top[0];
                int next = (Integer) top[1];
                Var[] in = v.inputs();
                if (next < in.length) {
                    top[1] = next + 1;
                    Var c = in[next];
                    if (c.requiresGrad() && visited.add(c)) stack.push(new Object[] {c, 0});
                } else {
                    stack.pop();
                    order.add(v);
                }
            }
        }
        return order;
    }
}
