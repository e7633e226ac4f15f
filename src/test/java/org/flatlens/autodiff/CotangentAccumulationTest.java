package org.flatlens.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Regression tests for the in-place summation of cotangents ({@link Cotangents}): a node reached along several paths
 * gets the same bits as with new sums (the graph mode never sums in place), and nothing outside the pass is written:
 * not the graph's values, not the caller's cotangents, not a cotangent returned for another input that shares an
 * array with it.
 */
class CotangentAccumulationTest {
    private final SplittableRandom rng = new SplittableRandom(17);

    private Tensor randn(int... dims) {
        return Tensor.randn(rng, dims);
    }

    /** A small graph where nodes have fan-out 2–4, a shared weight, aliasing rules (add, reshape) and a repeated input. */
    private static Var fanOut(Var x, Var w) {
        Var h = x.matmul(w, false, true).tanh();
        Var u = h.add(h).mul(h.reshape(-1).reshape(h.shape()));
        Var v = u.matmul(w).add(x).tanh().add(x.square());
        return v.sum().add(u.mul(h).sum());
    }

    /** Slices of one node (attention's q, k, v) whose cotangents are added into the node's in place, region by region. */
    @Test
    void sliceCotangentsAddedInPlaceEqualPaddedSumsBitForBit() {
        Var x = Var.param(randn(2, 3, 6)), w = Var.param(randn(6, 6));
        Var packed = x.matmul(w).tanh().permute(2, 0, 1).reshape(3, 2, 2, 3);
        Var q = packed.slice(0, 0, 1), k = packed.slice(0, 1, 2), v = packed.slice(0, 2, 3);
        Var overlap = packed.slice(1, 0, 2).slice(3, 1, 3);
        Var loss = q.mul(k).exp().mul(v).sum().add(overlap.square().sum()).add(k.sum());
        List<Tensor> plain = Autodiff.gradValues(loss, List.of(x, w, packed));
        List<Tensor> viaGraph = Autodiff.values(Autodiff.grad(loss, List.of(x, w, packed), GradMode.CREATE_GRAPH));
        for (int i = 0; i < 3; i++) assertBits(viaGraph.get(i), plain.get(i));
    }

    @Test
    void inPlaceSumsEqualNewSumsBitForBit() {
        Var x = Var.param(randn(6, 5)), w = Var.param(randn(4, 5).mul(0.5));
        Var loss = fanOut(x, w);
        List<Tensor> plain = Autodiff.gradValues(loss, List.of(x, w));
        List<Tensor> viaGraph = Autodiff.values(Autodiff.grad(loss, List.of(x, w), GradMode.CREATE_GRAPH));
        for (int i = 0; i < 2; i++) assertBits(viaGraph.get(i), plain.get(i));
    }

    @Test
    void valuesAndSuppliedCotangentsAreNotWritten() {
        Var x = Var.param(randn(6, 5)), w = Var.param(randn(4, 5).mul(0.5));
        Var h = x.matmul(w, false, true);
        Var a = h.tanh(), b = h.add(h);
        List<Tensor> before = snapshot(List.of(x, w, h, a, b));
        Tensor ca = randn(6, 4), cb = randn(6, 4), ca0 = ca.copy(), cb0 = cb.copy();
        // h gets the caller's cb twice (add passes its cotangent to both inputs) and tanh's contribution.
        Autodiff.grad(List.of(a, b), List.of(x, w), List.of(Var.constant(ca), Var.constant(cb)), GradMode.NO_GRAPH);
        List<Tensor> after = snapshot(List.of(x, w, h, a, b));
        for (int i = 0; i < before.size(); i++) assertBits(before.get(i), after.get(i));
        assertBits(ca0, ca);
        assertBits(cb0, cb);
    }

    @Test
    void aCotangentReturnedForOneInputIsNotChangedThroughAnother() {
        Var x = Var.param(randn(3, 4));
        Var u = x.tanh();
        // add hands the same cotangent (the ones of sum's gradient) to u and to x; x later gets tanh's contribution.
        Var loss = u.add(x).sum();
        List<Tensor> g = Autodiff.gradValues(loss, List.of(x, u));
        Tensor du = g.get(1), dx = g.get(0);
        for (int i = 0; i < du.size(); i++) {
            double t = u.value().data()[i];
            assertEquals(1.0, du.data()[i], 0.0, "du");
            assertEquals(1.0 + (1.0 - 1.0 * (t * t)), dx.data()[i], 0.0, "dx");
        }
    }

    /**
     * The aliasing invariant of {@link Cotangents}: an array is summed into in place only when exactly one node's
     * cotangent holds it. Reshape's rule returns a view of its incoming cotangent, so the cotangent kept for the
     * requested node z and the first contribution to x share one array; summing tanh's contribution into it in place
     * would also change the gradient returned for z. Checked exactly against the closed forms.
     */
    @Test
    void aCotangentSharedByTwoNodesIsNotSummedIntoInPlace() {
        Var x = Var.param(randn(3, 4));
        Var z = x.reshape(4, 3);
        // Reverse topological order reaches z before tanh, so x's first contribution is the view.
        Var loss = x.tanh().sum().add(z.mul(3.0).sum());
        List<Tensor> g = Autodiff.gradValues(loss, List.of(x, z));
        Tensor tanh = x.value().tanh();
        for (int i = 0; i < x.value().size(); i++) {
            double t = tanh.data()[i];
            assertEquals(3.0, g.get(1).data()[i], 0.0, "dz, the view of x's first contribution");
            assertEquals(3.0 + (1.0 - 1.0 * (t * t)), g.get(0).data()[i], 0.0, "dx");
        }
    }

    @Test
    void repeatedInputsAndOutputsAccumulate() {
        Var x = Var.param(randn(2, 3));
        Var y = x.add(x).add(x.reshape(Shape.of(3, 2)).reshape(Shape.of(2, 3)));
        Tensor c = randn(2, 3);
        List<Tensor> g = Autodiff.values(Autodiff.grad(List.of(y, y), List.of(x), List.of(Var.constant(c),
                Var.constant(c)), GradMode.NO_GRAPH));
        for (int i = 0; i < c.size(); i++) {
            double twoC = c.data()[i] + c.data()[i];
            assertEquals(twoC + twoC + twoC, g.get(0).data()[i], 1e-15 * Math.abs(twoC) * 3);
        }
    }

    /**
     * Rules that write their result over a cotangent no one else holds (relu, gelu, softmax, layer norm, scale, neg)
     * give the bits of the allocating versions, rule by rule.
     */
    @Test
    void rulesWritingOverTheirCotangentGiveTheSameBits() {
        Var x = Var.param(randn(5, 7));
        Var[] nodes = {x.relu(), x.gelu(), x.softmax(), x.layerNorm(1e-5), x.mul(-0.3), x.neg()};
        for (Var v : nodes) {
            Var g = Var.constant(randn(5, 7));
            Tensor g0 = g.value().copy();
            // As a backward pass without a graph calls the rules: on detached copies.
            Var[] in = {x.detach()};
            boolean[] need = {true};
            Tensor fresh = GradRules.grads(v.op(), v.attr(), v.detach(), in, g, need, false)[0].value();
            assertBits(g0, g.value());
            Tensor over = GradRules.grads(v.op(), v.attr(), v.detach(), in, g, need, true)[0].value();
            assertBits(fresh, over);
            assertSame(g.value().data(), over.data(), "written over the cotangent");
        }
    }

    /**
     * Without a graph, a chain of such rules equals the graph-mode composition bit for bit, and neither a requested
     * intermediate's cotangent nor the caller's cotangent is overwritten by a rule downstream of it.
     */
    @Test
    void cotangentsHeldElsewhereAreNotOverwritten() {
        Var x = Var.param(randn(6, 5));
        Var r = x.mul(2.0).neg().relu();
        Var y = r.mul(0.5).relu().relu();
        Tensor c = randn(6, 5), c0 = c.copy();
        List<Var> wrt = List.of(x, r, y);
        List<Tensor> plain = Autodiff.values(Autodiff.grad(List.of(y), wrt, List.of(Var.constant(c)),
                GradMode.NO_GRAPH));
        List<Tensor> viaGraph = Autodiff.values(Autodiff.grad(List.of(y), wrt, List.of(Var.constant(c)),
                GradMode.CREATE_GRAPH));
        for (int i = 0; i < 3; i++) assertBits(viaGraph.get(i), plain.get(i));
        assertBits(c0, c);
        assertBits(c0, plain.get(2));
        for (int i = 0; i < c.size(); i++) {
            double ri = r.value().data()[i];
            assertEquals(ri > 0 ? c.data()[i] * 0.5 : 0.0, plain.get(1).data()[i], 0.0);
        }
    }

    /**
     * A residual stream: the cotangent that add hands to both branches cannot be written, so the branch's own
     * contribution takes the sum; the result agrees with graph mode (whose rules are compositions, so to rounding) and
     * the other branch's cotangent, requested here, is left as it was.
     */
    @Test
    void aSumFormedInTheNewContributionEqualsTheNewSum() {
        Var x = Var.param(randn(4, 6));
        Var h = x.tanh();
        Var branch = h.layerNorm(1e-5).gelu().mul(0.7);
        Var y = h.add(branch).softmax();
        Tensor c = randn(4, 6);
        List<Var> wrt = List.of(x, branch);
        List<Tensor> plain = Autodiff.values(Autodiff.grad(List.of(y), wrt, List.of(Var.constant(c)),
                GradMode.NO_GRAPH));
        List<Tensor> viaGraph = Autodiff.values(Autodiff.grad(List.of(y), wrt, List.of(Var.constant(c)),
                GradMode.CREATE_GRAPH));
        Tensor dy = org.flatlens.tensor.RowOps.softmaxBackward(c, y.value());
        assertBits(dy, plain.get(1));
        for (int i = 0; i < x.value().size(); i++) {
            double e = viaGraph.get(0).data()[i];
            assertEquals(e, plain.get(0).data()[i], 1e-14 * (1 + Math.abs(e)));
        }
    }

    private static List<Tensor> snapshot(List<Var> vars) {
        List<Tensor> out = new ArrayList<>();
        for (Var v : vars) out.add(v.value().copy());
        return out;
    }

    private static void assertBits(Tensor expected, Tensor actual) {
        assertEquals(expected.shape(), actual.shape());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(Double.doubleToLongBits(expected.data()[i]), Double.doubleToLongBits(actual.data()[i]),
                    "element " + i);
        }
    }
}
