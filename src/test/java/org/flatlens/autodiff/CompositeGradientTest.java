package org.flatlens.autodiff;

import static org.flatlens.autodiff.OpGradientTest.normal;
import static org.flatlens.autodiff.OpGradientTest.project;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.GradCheck;
import org.junit.jupiter.api.Test;

/** Gradients of the functions composed from primitives, and their values against closed forms. */
class CompositeGradientTest {
    private final SplittableRandom rng = new SplittableRandom(99);

    private void check(GradCheck.ScalarFn f, Tensor... at) {
        double err = GradCheck.relError(v -> project(f.apply(v)), List.of(at));
        assertTrue(err < 1e-7, "relative error " + err);
    }

    @Test
    void gelu() {
        check(v -> Functions.gelu(v.get(0)), normal(rng, 3, 5).mul(2));
        // GELU(1) = Φ(1) = 0.8413447460685429
        assertEquals(0.8413447460685429, Functions.gelu(Var.constant(1.0)).value().item(), 1e-15);
    }

    @Test
    void logSoftmaxAndSoftmax() {
        check(v -> Functions.logSoftmax(v.get(0), 1), normal(rng, 4, 6).mul(3));
        check(v -> Functions.softmax(v.get(0), -1), normal(rng, 2, 3, 5));
        Tensor big = Tensor.of(new double[] {1000, 1001, 1002}, 1, 3);
        Tensor ls = Functions.logSoftmax(Var.constant(big), 1).value();
        assertTrue(ls.allFinite(), "log-softmax overflowed on large logits");
        assertEquals(-0.40760596444438013, ls.get(0, 2), 1e-13);
    }

    @Test
    void layerNorm() {
        check(v -> Functions.layerNorm(v.get(0), 1e-5), normal(rng, 3, 7));
    }

    /** The primitives softmax, layer norm and GELU against their definitions as compositions: values and gradients. */
    @Test
    void rowPrimitivesMatchTheirCompositions() {
        Tensor x = normal(rng, 3, 4, 6).mul(3);
        Var a = Var.param(x);
        Var soft = Functions.logSoftmax(a, -1).exp();
        Var centered = a.sub(a.mean(-1, true));
        Var norm = centered.mul(centered.square().mean(-1, true).add(1e-5).pow(-0.5));
        Tensor g = normal(rng, 3, 4, 6);
        Var gelu = a.mul(a.mul(0.7071067811865476).erf().add(1.0)).mul(0.5);
        for (Var[] pair : new Var[][] {{a.softmax(), soft}, {a.layerNorm(1e-5), norm}, {a.gelu(), gelu}}) {
            assertEquals(0.0, pair[0].value().maxAbsDiff(pair[1].value()), 1e-14);
            Tensor d0 = Autodiff.grad(List.of(pair[0]), List.of(a), List.of(Var.constant(g)), GradMode.NO_GRAPH).get(0)
                    .value();
            Tensor d1 = Autodiff.grad(List.of(pair[1]), List.of(a), List.of(Var.constant(g)), GradMode.NO_GRAPH).get(0)
                    .value();
            assertTrue(GradCheck.relDiff(d0, d1) < 1e-13, "vector-Jacobian products differ");
        }
        assertEquals(0.0, a.gelu().value().maxAbsDiff(gelu.value()), "GELU's kernel is the composition, bit for bit");
    }

    @Test
    void maxAlongAxisAndMaxPool() {
        check(v -> v.get(0).max(1, false), normal(rng, 3, 5));
        check(v -> v.get(0).maxPool2d(2, 2), normal(rng, 2, 2, 4, 6));
    }

    @Test
    void attention() {
        // softmax(Q Kᵀ / √d) V with Q, K, V linear maps of the tokens: the attention of a transformer block.
        check(v -> {
            Var x = v.get(0), wq = v.get(1), wk = v.get(2), wv = v.get(3);
            Var q = x.matmul(wq, false, true), k = x.matmul(wk, false, true), val = x.matmul(wv, false, true);
            Var a = Functions.softmax(q.matmul(k, false, true).mul(1 / Math.sqrt(4)), -1);
            return a.matmul(val);
        }, normal(rng, 2, 3, 4), normal(rng, 4, 4), normal(rng, 4, 4), normal(rng, 4, 4));
    }
}
