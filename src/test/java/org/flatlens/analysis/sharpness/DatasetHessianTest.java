package org.flatlens.analysis.sharpness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.flatlens.analysis.linalg.ParamVector;
import org.flatlens.analysis.linalg.TraceEstimate;
import org.flatlens.autodiff.Var;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Losses;
import org.flatlens.nn.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The dataset Hessian operator against central differences of gradients, and its chunking. */
class DatasetHessianTest {

    /** {@code trace_hessian --exact} equals the trace of the Hessian from central differences of gradients. */
    @ParameterizedTest
    @EnumSource(LossKind.class)
    void exactTraceMatchesFiniteDifferenceHessian(LossKind loss) {
        for (TinyModels.Case c : TinyModels.all()) {
            DatasetHessian h = c.hessian(loss, 3);
            TraceEstimate exact = HessianTrace.estimate(h, new SplittableRandom(0), 0, HessianTrace.Method.EXACT);
            double[][] fd = TinyModels.finiteDifferenceHessian(c, loss);
            double fdTrace = TinyModels.trace(fd);
            double rel = Math.abs(exact.mean() - fdTrace) / Math.abs(fdTrace);
            System.out.printf("%s %s: exact Tr(H) %.10f, finite differences %.10f, rel. diff %.1e (P = %d)%n", c.name(),
                    loss.key(), exact.mean(), fdTrace, rel, h.template().size());
            assertEquals("exact", exact.estimator().key());
            assertEquals(0.0, exact.stdErr());
            assertTrue(rel < 1e-7, c.name() + ": relative difference " + rel);
            double[][] hvp = TinyModels.hessian(h);
            assertTrue(frobeniusRelDiff(hvp, fd) < 1e-6, c.name() + ": whole Hessian differs from finite differences");
        }
    }

    /** Summing in several blocks agrees with one block to rounding (the order of the sums is all that differs). */
    @Test
    void blocksAgreeWithOneBlockToRounding() {
        TinyModels.Case c = TinyModels.vit(7);
        int n = c.data().size();
        DatasetHessian whole = c.hessian(LossKind.CE, n);
        DatasetHessian blocked = new DatasetHessian(c.model(), c.params(), c.data(), LossKind.CE, n, 2);
        assertEquals(1, whole.numBlocks());
        assertEquals((n + 1) / 2, blocked.numBlocks());
        ParamVector v = ParamVector.gaussianLike(whole.template(), new SplittableRandom(5));
        ParamVector a = whole.apply(v), b = blocked.apply(v);
        assertTrue(a.maxAbsDiff(b) <= 1e-12 * a.norm(), "blocked product differs by " + a.maxAbsDiff(b));
        ParamVector again = whole.apply(v);
        assertEquals(0.0, a.maxAbsDiff(again), "the kept gradient graph gives the same product every time");
        assertEquals(whole.loss(), blocked.loss(), 1e-14);
        assertTrue(whole.gradient().maxAbsDiff(blocked.gradient()) <= 1e-14);
        assertEquals(2, whole.products());
    }

    /**
     * Issue 15, item 8: the memory budget (samples whose graphs are held) decides only which block graphs are kept,
     * never a bit of a product, the loss, the gradient or a loss elsewhere.
     */
    @Test
    void theBudgetChangesNoBit() {
        TinyModels.Case c = TinyModels.cnn(4);
        int n = c.data().size();
        for (int block : new int[] {n, 3}) {
            DatasetHessian ref = new DatasetHessian(c.model(), c.params(), c.data(), LossKind.CE, n, block);
            ParamVector v = ParamVector.gaussianLike(ref.template(), new SplittableRandom(2));
            ParamVector shifted = ref.theta().add(v.scale(1e-3));
            ParamVector hv = ref.apply(v);
            for (int budget = 1; budget <= n + 1; budget++) {
                DatasetHessian h = new DatasetHessian(c.model(), c.params(), c.data(), LossKind.CE, budget, block);
                String at = "block " + block + ", budget " + budget;
                assertEquals(ref.numBlocks(), h.numBlocks(), at);
                assertEquals(budget >= n, h.keptBlocks() == h.numBlocks(), at);
                assertEquals(0.0, hv.maxAbsDiff(h.apply(v)), at);
                assertEquals(0.0, hv.maxAbsDiff(h.apply(v)), at + ", second product");
                assertEquals(ref.loss(), h.loss(), 0.0, at);
                assertEquals(0.0, ref.gradient().maxAbsDiff(h.gradient()), at);
                assertEquals(ref.lossAt(shifted), h.lossAt(shifted), 0.0, at);
            }
        }
    }

    @Test
    void blocksCoverTheSamplesInOrderWithSizesDifferingByAtMostOne() {
        for (int n = 1; n <= 30; n++) {
            for (int size = 1; size <= n + 2; size++) {
                List<int[]> blocks = DatasetHessian.blocks(n, size);
                assertEquals((n + size - 1) / size, blocks.size());
                int next = 0, min = Integer.MAX_VALUE, max = 0;
                for (int[] b : blocks) {
                    for (int i : b) assertEquals(next++, i);
                    min = Math.min(min, b.length);
                    max = Math.max(max, b.length);
                }
                assertEquals(n, next);
                assertTrue(max <= size && max - min <= 1, n + " in blocks of " + size);
            }
        }
    }

    @Test
    void keepsTheGraphsThatFitBesideTheOneRebuilt() {
        TinyModels.Case c = TinyModels.mlp("tanh", 4);
        int n = c.data().size();
        assertEquals(7, n);
        assertEquals(4, new DatasetHessian(c.model(), c.params(), c.data(), LossKind.MSE, n, 2).keptBlocks(),
                "all when everything fits");
        assertEquals(0, new DatasetHessian(c.model(), c.params(), c.data(), LossKind.MSE, 3, 2).keptBlocks());
        assertEquals(2, new DatasetHessian(c.model(), c.params(), c.data(), LossKind.MSE, 6, 2).keptBlocks());
    }

    @Test
    void lossAndLossAtAgreeWithADirectForwardPass() {
        TinyModels.Case c = TinyModels.mlp("tanh", 4);
        DatasetHessian h = c.hessian(LossKind.MSE, 3);
        var b = c.data().all();
        double direct = Losses.mse(c.model().forward(c.params().vars(false), Var.constant(b.x()), null), b.targets())
                .value().item();
        assertEquals(direct, h.loss(), 1e-15);
        assertEquals(direct, h.lossAt(h.theta()), 1e-15);
        ParamVector shifted = h.theta().add(ParamVector.gaussianLike(h.template(), new SplittableRandom(1)).scale(0.1));
        Parameters p = c.params().with(shifted.parts());
        double moved = Losses.mse(c.model().forward(p.vars(false), Var.constant(b.x()), null), b.targets())
                .value().item();
        assertEquals(moved, h.lossAt(shifted), 1e-15);
    }

    @Test
    void productsAreSymmetric() {
        DatasetHessian h = TinyModels.cnn(3).hessian(LossKind.CE, 4);
        SplittableRandom rng = new SplittableRandom(9);
        ParamVector v = ParamVector.gaussianLike(h.template(), rng), w = ParamVector.gaussianLike(h.template(), rng);
        double vhw = v.dot(h.apply(w)), whv = w.dot(h.apply(v));
        assertEquals(vhw, whv, 1e-12 * Math.abs(vhw));
    }

    @Test
    void rejectsMismatchedDataAndBadChunks() {
        TinyModels.Case c = TinyModels.mlp("tanh", 1);
        assertThrows(IllegalArgumentException.class, () -> c.hessian(LossKind.MSE, 0));
        var twoClasses = c.data().classSubset(0, 1);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new DatasetHessian(c.model(), c.params(), twoClasses, LossKind.MSE, 4));
        assertTrue(e.getMessage().contains("2 classes but the model 3 outputs"), e.getMessage());
        DatasetHessian h = c.hessian(LossKind.MSE, 4);
        var bad = ParamVector.of(org.flatlens.tensor.Tensor.zeros(3));
        assertThrows(IllegalArgumentException.class, () -> h.apply(bad));
    }

    static double frobeniusRelDiff(double[][] a, double[][] b) {
        double d = 0, n = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                d += (a[i][j] - b[i][j]) * (a[i][j] - b[i][j]);
                n += b[i][j] * b[i][j];
            }
        }
        return Math.sqrt(d / n);
    }
}
