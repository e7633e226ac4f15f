package org.flatlens.autodiff;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cotangents accumulated during one backward pass, node by node.
 *
 * <p>Without a graph, a node reached along several paths gets its contributions summed in place when it holds an array
 * that belongs to this pass alone: one produced by a rule (or by an earlier sum) that is neither a value of the graph
 * nor a cotangent supplied by the caller, that no other node holds, and that no contribution of the current rule
 * application shares (rules may return their incoming cotangent itself, or a reshape of it, for several inputs).
 * Failing that, the sum is formed in the new contribution when it is such an array. Otherwise the sum is a new
 * tensor, as it always is when the gradient is itself a graph (whose node values must not change). In-place and new
 * sums are equal bit for bit.
 *
 * <p><b>Invariant.</b> An array is written only if (1) it is not {@code foreign} (no graph value, no caller's
 * cotangent), (2) exactly one node's cotangent holds it ({@code holders} counts views: reshape's and add's rules hand
 * out their incoming cotangent or a view of it), and (3) no contribution of the rule application being added uses it.
 * Break any of the three and a gradient returned for another node, or a value of the graph, changes silently
 * ({@code CotangentAccumulationTest} has one case per condition).
 *
 * <p><b>Why.</b> Without a graph, the backward passes behind Jacobians, GGN products and Hessian–vector products are
 * memory-bound; summing and applying rules in place saves a fresh (zeroed) array per join and per rule, e.g. 11 % of the
 * thread CPU of a ViT chunk's forward and 10 backward passes (see the commits that introduced it). Everything here is
 * bookkeeping of array identities: the arithmetic is that of the allocating path.
 */
final class Cotangents {
    private final boolean graph;
    private final Map<Var, Var> byNode = new IdentityHashMap<>();
    /** How many nodes hold each array (cotangents that alias each other share one). */
    private final Map<double[], Integer> holders = new IdentityHashMap<>();
    /** Arrays this pass must not write: graph values and the caller's cotangents. */
    private final Set<double[]> foreign = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * @param graph whether the gradient is recorded as a graph (then nothing is summed in place)
     * @param nodes the nodes of the pass; their values and their inputs' values are never written
     */
    Cotangents(boolean graph, List<Var> nodes) {
        this.graph = graph;
        if (graph) return;
        for (Var v : nodes) {
            foreign.add(v.value().data());
            for (Var in : v.inputs()) foreign.add(in.value().data());
        }
    }

    /** Marks a caller-supplied cotangent as not to be written. */
    void supplied(Var c) {
        foreign.add(c.value().data());
    }

    Var get(Var node) {
        return byNode.get(node);
    }

    /** Adds the contribution {@code g} to the cotangent of {@code node}. */
    void add(Var node, Var g) {
        add(node, g, Set.of(), false);
    }

    /**
     * Adds the contributions {@code gs[j]} (null: none) to the cotangents of {@code nodes[j]}: one rule application,
     * whose incoming cotangent was {@code incoming}. No array that {@code incoming} or any {@code gs[j]} uses is written
     * while the contributions are being added.
     */
    void addAll(Var[] nodes, Var[] gs, Var incoming) {
        Map<double[], Integer> uses = new IdentityHashMap<>();
        // An incoming cotangent that no one holds any more may be returned (rewritten or not) for one input only.
        uses.merge(incoming.value().data(), owns(incoming) ? 0 : 2, Integer::sum);
        for (Var g : gs) if (g != null) uses.merge(g.value().data(), 1, Integer::sum);
        for (int j = 0; j < nodes.length; j++) {
            if (gs[j] != null) add(nodes[j], gs[j], uses.keySet(), uses.get(gs[j].value().data()) == 1);
        }
    }

    /**
     * Adds a slice's cotangent {@code g} into the matching region of {@code node}'s cotangent in place, when that
     * cotangent exists and may be written: the sums of adding g padded with zeros (the slice's rule), without the padded
     * copy. Attention's q, k and v, three slices of one tensor, otherwise cost three full-size copies and two full sums
     * per backward pass. Returns false (nothing done) otherwise.
     */
    boolean addToSlice(Var node, Var g, Attrs.Slice slice) {
        Var old = byNode.get(node);
        if (old == null || !writable(old) || old.value().data() == g.value().data()) return false;
        org.flatlens.tensor.MovementOps.addToSlice(old.value(), g.value(), slice.axis(), slice.start());
        return true;
    }

    /**
     * Whether {@code g}, a node's cotangent that has just been {@link #remove}d, may be overwritten by the rule that
     * consumes it: no node still holds its array, and it is neither a graph value nor a caller's cotangent. (A node
     * that is also a requested input keeps its cotangent, so the answer for it is no.)
     */
    boolean owns(Var g) {
        double[] d = g.value().data();
        return !graph && !g.requiresGrad() && !foreign.contains(d) && !holders.containsKey(d);
    }

    /**
     * @param fresh whether g's array is used by this contribution only (not by the incoming cotangent or another
     *              contribution of the same rule application): then, if no one holds it either, the sum may be formed
     *              in it, {@code g + old}, the same bits as {@code old + g}
     */
    private void add(Var node, Var g, Set<double[]> busy, boolean fresh) {
        Var old = byNode.get(node);
        if (old == null) {
            byNode.put(node, g);
            hold(g);
        } else if (writable(old) && !busy.contains(old.value().data()) && old.shape().equals(g.shape())) {
            old.value().addInPlace(g.value());
        } else if (fresh && owns(g) && old.shape().equals(g.shape())) {
            g.value().addInPlace(old.value());
            release(old);
            byNode.put(node, g);
            hold(g);
        } else {
            release(old);
            Var sum = old.add(g);
            byNode.put(node, sum);
            hold(sum);
        }
    }

    /** Forgets the cotangent of {@code node} (once it has been propagated). */
    void remove(Var node) {
        Var old = byNode.remove(node);
        if (old != null) release(old);
    }

    private boolean writable(Var g) {
        double[] d = g.value().data();
        return !graph && !g.requiresGrad() && !foreign.contains(d) && holders.get(d) == 1;
    }

    private void hold(Var g) {
        holders.merge(g.value().data(), 1, Integer::sum);
    }

    private void release(Var g) {
        holders.merge(g.value().data(), -1, (a, b) -> a + b == 0 ? null : a + b);
    }
}
