package org.flatlens.analysis.sharpness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void chunkingDoesNotChangeProductsLossOrGradient() {
        TinyModels.Case c = TinyModels.vit(7);
        DatasetHessian whole = c.hessian(LossKind.CE, c.data().size());
        DatasetHessian chunked = c.hessian(LossKind.CE, 2);
        assertEquals(1, whole.numChunks());
        assertEquals(3, chunked.numChunks());
        ParamVector v = ParamVector.gaussianLike(whole.template(), new SplittableRandom(5));
        ParamVector a = whole.apply(v), b = chunked.apply(v);
        assertTrue(a.maxAbsDiff(b) <= 1e-12 * a.norm(), "chunked product differs by " + a.maxAbsDiff(b));
        ParamVector again = whole.apply(v);
        assertEquals(0.0, a.maxAbsDiff(again), "the cached gradient graph gives the same product every time");
        assertEquals(whole.loss(), chunked.loss(), 1e-14);
        assertTrue(whole.gradient().maxAbsDiff(chunked.gradient()) <= 1e-14);
        assertEquals(2, whole.products());
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
