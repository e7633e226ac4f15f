package org.flatlens.experiments.measures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.analysis.compression.CompressionOptions;
import org.flatlens.analysis.sharpness.HessianSpectrum;
import org.flatlens.analysis.sharpness.HessianTrace;
import org.flatlens.analysis.sharpness.SharpnessOptions;
import org.flatlens.data.Dataset;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.Models;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Same seed, same numbers; another seed, other numbers for the sampled measures; and one measure's numbers do not
 * depend on another's budget, because each draws from its own stream ({@link MeasureSeeds#rng}).
 */
class ReproducibilityTest {
    private static final MeasureRegistry R = MeasureRegistry.standard();

    private static SharpnessOptions options(int probes, int avgSamples) {
        return new SharpnessOptions(probes, HessianTrace.Method.HUTCH_PLUS_PLUS, 3, 12,
                HessianSpectrum.DEFAULT_REL_TOL, true, 2, 0.05, true, avgSamples);
    }

    /** Every standard measure on {@code spec}'s model with noisy parameters (so none is trivial), under {@code seed}. */
    private static MeasureResults run(ModelSpec spec, SharpnessOptions o, long seed) {
        Model model = Models.build(spec);
        SplittableRandom rng = new SplittableRandom(11);
        Parameters init = model.init(rng);
        List<Tensor> values = new ArrayList<>();
        for (Tensor t : init.tensors()) values.add(t.add(Tensor.randn(rng, t.shape().dims()).mul(0.5)));
        int n = 5, k = spec.numOutputs();
        int[] in = spec.inputShape();
        Tensor x = Tensor.uniform(rng, 0, 1, n, in[0], in[1], in[2]);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = rng.nextInt(k);
        MeasureContext c = new MeasureContext(model, init.with(values), LossKind.CE,
                Dataset.fromTensor("tiny", x, labels, k),
                new MeasureOptions(o, CompressionOptions.defaults(), 64L << 20), new MeasureSeeds(seed, "test", 0));
        return MeasureEngine.compute(R.all(), c, MeasureEngine.Listener.NONE);
    }

    private static ModelSpec vit() {
        return new ModelSpec("vit", Map.of("patch", 2, "dim", 4, "depth", 1, "heads", 2, "mlp_ratio", 1.0),
                new int[] {1, 4, 4}, 3);
    }

    private static ModelSpec mlp() {
        return new ModelSpec("mlp", Map.of("widths", List.of(5, 4), "activation", "tanh"), new int[] {1, 2, 3}, 3);
    }

    @Test
    void sameSeedGivesIdenticalNumbers() {
        MeasureResults a = run(vit(), options(12, 5), 42), b = run(vit(), options(12, 5), 42);
        assertEquals(a.estimates().keySet(), b.estimates().keySet());
        // Estimate.equals compares values, standard errors, counts and every diagnostic (residuals, SLQ nodes) bit
        // for bit.
        for (String key : a.estimates().keySet()) assertEquals(a.get(key), b.get(key), key);

        MeasureResults other = run(vit(), options(12, 5), 43);
        for (String m : List.of(Measures.TRACE_HESSIAN, Measures.AVG_SHARPNESS, Measures.ADAPTIVE_TRACE)) {
            assertNotEquals(a.get(m).value(), other.get(m).value(), m + " is sampled");
        }
        assertEquals(a.get(Measures.TRACE_GGN), other.get(Measures.TRACE_GGN), "trace_ggn is exact");
    }

    @Test
    void measuresUseIndependentStreams() {
        MeasureResults a = run(mlp(), options(12, 5), 7), b = run(mlp(), options(18, 9), 7);
        assertNotEquals(a.get(Measures.TRACE_HESSIAN).value(), b.get(Measures.TRACE_HESSIAN).value(),
                "more probes, another estimate");
        assertEquals(a.sites(Measures.TOP_EIGENVALUES), b.sites(Measures.TOP_EIGENVALUES),
                "Lanczos does not depend on the probes");
        assertEquals(3, a.sites(Measures.TOP_EIGENVALUES).size());
        assertArrayEquals((double[][]) a.get(Measures.SPECTRAL_DENSITY).diagnostics().get("weights"),
                (double[][]) b.get(Measures.SPECTRAL_DENSITY).diagnostics().get("weights"));
        assertEquals(a.get(Measures.TRACE_GGN), b.get(Measures.TRACE_GGN));
        assertEquals(a.get(Measures.MLS), b.get(Measures.MLS));
    }

    @Test
    void relativeFlatnessHasItsOwnBudget() {
        SharpnessOptions fewer = new SharpnessOptions(12, HessianTrace.Method.HUTCH_PLUS_PLUS, 3, 12,
                HessianSpectrum.DEFAULT_REL_TOL, true, 2, 0.05, true, 5, 4);
        MeasureResults a = run(mlp(), options(12, 5), 7), b = run(mlp(), fewer, 7);
        assertEquals(3, a.sites(Measures.RELATIVE_FLATNESS_HESSIAN).size());
        a.sites(Measures.RELATIVE_FLATNESS_HESSIAN).values().forEach(e -> assertEquals(12, e.n()));
        b.sites(Measures.RELATIVE_FLATNESS_HESSIAN).values().forEach(e -> assertEquals(4, e.n()));
        for (String m : List.of(Measures.TRACE_HESSIAN, Measures.ADAPTIVE_TRACE, Measures.AVG_SHARPNESS)) {
            assertEquals(a.get(m), b.get(m), m + " does not depend on the flatness budget");
        }
    }
}
