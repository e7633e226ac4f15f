package org.flatlens.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The one-pass update against torch.optim.SGD's sequence of tensor operations, bit for bit. */
class SgdTest {
    /** Large enough for several parallel chunks. */
    private static final int N = 100_003;

    /** {@code d = g + λθ; b = μb + d (b = d first); θ −= η b}, as separate tensor operations. */
    private static void reference(List<Tensor> params, List<Tensor> grads, List<Tensor> buffers, double lr,
            double mu, double wd) {
        boolean first = buffers.isEmpty();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i), d = grads.get(i);
            if (wd != 0) d = d.add(p.mul(wd));
            if (mu > 0) {
                if (first) buffers.add(d.copy());
                else buffers.get(i).scaleInPlace(mu).addInPlace(d);
                d = buffers.get(i);
            }
            p.axpyInPlace(-lr, d);
        }
    }

    @Test
    void matchesTheReferenceSequenceBitForBit() {
        for (double[] h : new double[][] {{0.1, 0, 0}, {0.05, 0.9, 0}, {0.01, 0.5, 1e-3}, {0.2, 0, 5e-4}}) {
            SplittableRandom rng = new SplittableRandom(1);
            List<Tensor> p = new ArrayList<>(List.of(Tensor.randn(rng, N), Tensor.randn(rng, 3, 7)));
            List<Tensor> q = new ArrayList<>();
            for (Tensor t : p) q.add(t.copy());
            List<Tensor> buffers = new ArrayList<>();
            Sgd sgd = new Sgd(h[0], h[1], h[2]);
            for (int step = 0; step < 3; step++) {
                List<Tensor> g = List.of(Tensor.randn(rng, N), Tensor.randn(rng, 3, 7));
                sgd.step(p, g);
                reference(q, g, buffers, h[0], h[1], h[2]);
            }
            for (int i = 0; i < p.size(); i++) assertEquals(0.0, p.get(i).maxAbsDiff(q.get(i)), "params " + i);
            for (int i = 0; i < buffers.size(); i++) {
                assertEquals(0.0, sgd.state().get(i).maxAbsDiff(buffers.get(i)), "momentum " + i);
            }
        }
    }

    @Test
    void mismatchedGradientsAreRejectedBeforeAnyUpdate() {
        Tensor p = Tensor.ones(4), p0 = p.copy();
        Sgd sgd = new Sgd(0.1, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> sgd.step(List.of(p, Tensor.ones(2)),
                List.of(Tensor.ones(4), Tensor.ones(3))));
        assertEquals(0.0, p.maxAbsDiff(p0));
    }
}
