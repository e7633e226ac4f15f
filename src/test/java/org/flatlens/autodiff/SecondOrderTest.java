package org.flatlens.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.GradCheck;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Second derivatives: Hessian–vector products against central differences of gradients, symmetry, an exact quadratic,
 * and the full Hessian of a tiny MLP assembled from P Hessian–vector products.
 */
class SecondOrderTest {
    private final SplittableRandom rng = new SplittableRandom(7);

    /** A scalar loss of one flat parameter vector θ. */
    interface Loss extends Function<Var, Var> {}

    static Tensor hvp(Loss f, Tensor theta, Tensor v) {
        Var p = Var.param(theta.copy());
        return Autodiff.hvp(f.apply(p), List.of(p), List.of(v)).get(0);
    }

    static Tensor grad(Loss f, Tensor theta) {
        Var p = Var.param(theta.copy());
        return Autodiff.gradValues(f.apply(p), List.of(p)).get(0);
    }

    /** {@code (g(θ + h v) − g(θ − h v)) / 2h}. */
    static Tensor hvpByDifferences(Loss f, Tensor theta, Tensor v) {
        double h = 1e-5 * Math.max(1.0, theta.norm() / Math.sqrt(theta.size())) / Math.max(1e-12, v.norm() / Math.sqrt(v.size()));
        Tensor plus = grad(f, theta.add(v.mul(h)));
        Tensor minus = grad(f, theta.sub(v.mul(h)));
        return plus.sub(minus).mul(1 / (2 * h));
    }

    /** A 3-4-2 tanh MLP with softmax cross-entropy on 5 samples, θ packed flat (26 + 10 = 36 parameters). */
    static Loss tinyMlpCrossEntropy(Tensor x, int[] labels) {
        return theta -> {
            Var w1 = theta.slice(0, 0, 12).reshape(4, 3), b1 = theta.slice(0, 12, 16);
            Var w2 = theta.slice(0, 16, 24).reshape(2, 4), b2 = theta.slice(0, 24, 26);
            Var h = Var.constant(x).matmul(w1, false, true).add(b1).tanh();
            Var logits = h.matmul(w2, false, true).add(b2);
            Var logp = Functions.logSoftmax(logits, 1);
            Tensor onehot = Tensor.zeros(labels.length, 2);
            for (int i = 0; i < labels.length; i++) onehot.set(1.0, i, labels[i]);
            return logp.mul(Var.constant(onehot)).sum().mul(-1.0 / labels.length);
        };
    }

    static Loss geluLayerNormMse(Tensor x, Tensor y) {
        return theta -> {
            Var w = theta.reshape(3, 4);
            Var h = Functions.gelu(Functions.layerNorm(Var.constant(x).matmul(w, false, true), 1e-5));
            return h.sub(Var.constant(y)).square().sum().mul(0.5);
        };
    }

    /** Softmax attention over layer-normalised tokens, with the query/key map as θ (4 × 4). */
    static Loss attentionLike(Tensor x) {
        return theta -> {
            Var h = Functions.layerNorm(Var.constant(x), 1e-6).mul(1.5);
            Var q = h.matmul(theta.reshape(4, 4), false, true);
            Var a = Functions.softmax(q.matmul(h, false, true), -1);
            return Functions.layerNorm(a.matmul(q), 1e-6).square().mul(Var.constant(x)).sum();
        };
    }

    /** Two dilated convolutions (the second strided, with a 2×3 kernel) with θ as both kernels (18 + 24 = 42). */
    static Loss dilatedConvolutions(Tensor x) {
        return theta -> {
            Var w1 = theta.slice(0, 0, 18).reshape(3, 1, 2, 3), w2 = theta.slice(0, 18, 42).reshape(2, 3, 2, 2);
            Var h = Var.constant(x).conv2d(w1, 1, 2, 2).tanh();
            return h.conv2d(w2, 2, 1, 3).square().sum();
        };
    }

    private List<Loss> losses() {
        Tensor x = Tensor.randn(rng, 5, 3);
        Tensor x4 = Tensor.randn(rng, 6, 4);
        Tensor y = Tensor.randn(rng, 6, 3);
        return List.of(tinyMlpCrossEntropy(x, new int[] {0, 1, 1, 0, 1}), geluLayerNormMse(x4, y),
                t -> t.tanh().square().sum().add(t.sigmoid().mul(t).sum()), attentionLike(Tensor.randn(rng, 2, 3, 4)),
                dilatedConvolutions(Tensor.randn(rng, 2, 1, 7, 8)));
    }

    private List<Tensor> points() {
        return List.of(Tensor.randn(rng, 26), Tensor.randn(rng, 12), Tensor.randn(rng, 9), Tensor.randn(rng, 16),
                Tensor.randn(rng, 42).mul(0.5));
    }

    @Test
    void hvpMatchesDifferencesOfGradients() {
        List<Loss> fs = losses();
        List<Tensor> at = points();
        for (int i = 0; i < fs.size(); i++) {
            Tensor v = Tensor.randn(rng, at.get(i).size());
            double err = GradCheck.relDiff(hvp(fs.get(i), at.get(i), v), hvpByDifferences(fs.get(i), at.get(i), v));
            assertTrue(err < 1e-7, "loss " + i + ": relative error " + err);
        }
    }

    /**
     * Every registered function (a new one without a test edit): the Hessian–vector product of {@code ⟨c, f(x)⟩}
     * through its graph rule against central differences of its gradient without a graph (its fused backward), at two
     * scales in its domain.
     */
    @TestFactory
    Stream<DynamicTest> everyUnaryOpHvpMatchesDifferencesOfGradients() {
        SplittableRandom r = new SplittableRandom(1616);
        List<DynamicTest> tests = new ArrayList<>();
        for (UnaryOp f : UnaryOps.ALL) {
            for (double scale : new double[] {0.5, 2}) {
                Tensor at = UnaryOpInputs.random(f.domain(), r, scale, 3, 5), c = Tensor.randn(r, 3, 5);
                Tensor v = Tensor.randn(r, 15);
                Loss loss = t -> t.reshape(3, 5).apply(f).mul(Var.constant(c)).sum();
                tests.add(DynamicTest.dynamicTest(f.name() + " at scale " + scale, () -> {
                    Tensor theta = at.reshape(15);
                    double err = GradCheck.relDiff(hvp(loss, theta, v), hvpByDifferences(loss, theta, v));
                    assertTrue(err < 1e-7, f.name() + ": relative error " + err);
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void hessianIsSymmetric() {
        List<Loss> fs = losses();
        List<Tensor> at = points();
        for (int i = 0; i < fs.size(); i++) {
            Tensor v = Tensor.randn(rng, at.get(i).size()), w = Tensor.randn(rng, at.get(i).size());
            double a = w.dot(hvp(fs.get(i), at.get(i), v)), b = v.dot(hvp(fs.get(i), at.get(i), w));
            assertEquals(a, b, 1e-12 * Math.max(1, Math.abs(a)), "loss " + i);
        }
    }

    @Test
    void quadraticFormHasHessianExactlyA() {
        int n = 6;
        Tensor m = Tensor.randn(rng, n, n);
        Tensor a = m.add(m.transpose(0, 1));
        Loss f = x -> x.reshape(1, n).matmul(Var.constant(a)).reshape(n).dot(x).mul(0.5);
        Tensor h = assemble(f, Tensor.randn(rng, n));
        assertEquals(0.0, h.maxAbsDiff(a), 1e-13);
    }

    @Test
    void tinyMlpHessianMatchesFiniteDifferences() {
        Loss f = tinyMlpCrossEntropy(Tensor.randn(rng, 5, 3), new int[] {1, 0, 1, 1, 0});
        Tensor theta = Tensor.randn(rng, 26);
        Tensor h = assemble(f, theta);
        int p = theta.size();
        double[] fd = new double[p * p];
        for (int j = 0; j < p; j++) {
            Tensor e = Tensor.zeros(p);
            e.data()[j] = 1;
            Tensor col = hvpByDifferences(f, theta, e);
            for (int i = 0; i < p; i++) fd[i * p + j] = col.data()[i];
        }
        assertTrue(GradCheck.relDiff(h, new Tensor(h.shape(), fd)) < 1e-7);
        assertEquals(0.0, h.maxAbsDiff(h.transpose(0, 1)), 1e-12, "assembled Hessian is not symmetric");
    }

    @Test
    void jvpMatchesDirectionalDifferences() {
        Tensor x = Tensor.randn(rng, 4, 3);
        Function<Var, Var> f = t -> Functions.gelu(Var.constant(x).matmul(t.reshape(2, 3), false, true)).tanh();
        Tensor theta = Tensor.randn(rng, 6), t = Tensor.randn(rng, 6);
        Var p = Var.param(theta);
        Tensor jv = Autodiff.jvp(List.of(f.apply(p)), List.of(p), List.of(t)).get(0);
        double h = 1e-6;
        Tensor fd = f.apply(Var.constant(theta.add(t.mul(h)))).value()
                .sub(f.apply(Var.constant(theta.sub(t.mul(h)))).value()).mul(1 / (2 * h));
        assertTrue(GradCheck.relDiff(jv, fd) < 1e-7);
    }

    @Test
    void gradientWithRespectToAnIntermediateNode() {
        Var w = Var.param(Tensor.randn(rng, 3, 3));
        Var h = Var.constant(Tensor.randn(rng, 2, 3)).matmul(w).tanh();
        Var out = h.square().sum();
        Tensor g = Autodiff.gradValues(out, List.of(h)).get(0);
        assertEquals(0.0, g.maxAbsDiff(h.value().mul(2)), 1e-15);
    }

    /** The Hessian as the P columns {@code H e_j}. */
    static Tensor assemble(Loss f, Tensor theta) {
        int p = theta.size();
        List<Tensor> cols = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            Tensor e = Tensor.zeros(p);
            e.data()[j] = 1;
            cols.add(hvp(f, theta, e).reshape(p, 1));
        }
        return Tensor.concat(1, cols.toArray(Tensor[]::new));
    }
}
