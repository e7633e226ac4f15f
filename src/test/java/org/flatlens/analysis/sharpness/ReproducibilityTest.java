package org.flatlens.analysis.sharpness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;
import org.flatlens.nn.LossKind;
import org.junit.jupiter.api.Test;

/** Same seed, same numbers; and one measure's numbers do not depend on another's budget. */
class ReproducibilityTest {
    private static SharpnessOptions options(int probes, int avgSamples) {
        return new SharpnessOptions(probes, HessianTrace.Method.HUTCH_PLUS_PLUS, 3, 12, 1e-6, true, 2, 0.05, true,
                avgSamples);
    }

    private static SharpnessResult run(TinyModels.Case c, SharpnessOptions o, long seed) {
        DatasetHessian h = c.hessian(LossKind.CE, 4);
        GgnTraces ggn = new BruteForceGgn().compute(h.model(), h.parameters(), h.data(), LossKind.CE,
                LinearLayer.of(h.model(), h.parameters()));
        return SharpnessMeasures.measure(h, ggn, o, new SplittableRandom(seed), SharpnessMeasures.Listener.NONE);
    }

    @Test
    void sameSeedGivesIdenticalNumbers() {
        TinyModels.Case c = TinyModels.vit(1);
        SharpnessResult a = run(c, options(12, 5), 42), b = run(c, options(12, 5), 42);
        assertEquals(a.traceHessian(), b.traceHessian());
        assertArrayEquals(a.eigen().eigenvalues(), b.eigen().eigenvalues());
        assertArrayEquals(a.eigen().residualNorms(), b.eigen().residualNorms());
        assertEquals(a.relativeFlatness(), b.relativeFlatness());
        assertEquals(a.adaptiveTrace(), b.adaptiveTrace());
        assertEquals(a.avgSharpness(), b.avgSharpness());
        assertEquals(a.ggn(), b.ggn());
        assertArrayEquals(a.density().nodes()[1], b.density().nodes()[1]);
        assertEquals(a.hessianProducts(), b.hessianProducts());

        SharpnessResult other = run(c, options(12, 5), 43);
        assertNotEquals(a.traceHessian().mean(), other.traceHessian().mean());
        assertNotEquals(a.avgSharpness().mean(), other.avgSharpness().mean());
    }

    @Test
    void measuresUseIndependentStreams() {
        TinyModels.Case c = TinyModels.mlp("tanh", 2);
        SharpnessResult a = run(c, options(12, 5), 7), b = run(c, options(18, 9), 7);
        assertNotEquals(a.traceHessian().mean(), b.traceHessian().mean(), "more probes, another estimate");
        assertArrayEquals(a.eigen().eigenvalues(), b.eigen().eigenvalues(), "Lanczos does not depend on the probes");
        assertArrayEquals(a.density().weights()[0], b.density().weights()[0]);
        assertEquals(a.ggn(), b.ggn());
    }
}
