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

    @Test
    void relativeFlatnessHasItsOwnBudget() {
        TinyModels.Case c = TinyModels.mlp("tanh", 2);
        SharpnessOptions all = options(12, 5);
        SharpnessOptions fewer = new SharpnessOptions(12, HessianTrace.Method.HUTCH_PLUS_PLUS, 3, 12, 1e-6, true, 2,
                0.05, true, 5, 4);
        SharpnessResult a = run(c, all, 7), b = run(c, fewer, 7);
        int layers = a.relativeFlatness().size();
        for (String layer : a.relativeFlatness().keySet()) {
            assertEquals(12, a.relativeFlatness().get(layer).probes());
            assertEquals(4, b.relativeFlatness().get(layer).probes());
        }
        assertEquals(a.hessianProducts() - layers * 8, b.hessianProducts());
        assertEquals(a.traceHessian(), b.traceHessian(), "the other measures do not depend on the flatness budget");
        assertEquals(a.adaptiveTrace(), b.adaptiveTrace());
        assertEquals(a.avgSharpness(), b.avgSharpness());
    }
}
