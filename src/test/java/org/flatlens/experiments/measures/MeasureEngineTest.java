package org.flatlens.experiments.measures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.flatlens.testutil.Blobs;
import org.junit.jupiter.api.Test;

class MeasureEngineTest {
    static final MeasureRegistry R = MeasureRegistry.standard();

    /** A small MLP on 8 blob samples, measured with small budgets under {@code seed}. */
    static MeasureContext context(long seed) {
        ModelSpec spec = new ModelSpec("mlp", Map.of("widths", List.of(5)), new int[] {1, 4, 4}, 2);
        Model model = Models.build(spec);
        Parameters params = model.init(new SplittableRandom(3));
        Dataset data = Blobs.twoClass(8, 1);
        SharpnessOptions s = new SharpnessOptions(12, HessianTrace.Method.HUTCH_PLUS_PLUS, 2, 10,
                HessianSpectrum.DEFAULT_REL_TOL, true, 2, 0.01, true, 6);
        return new MeasureContext(model, params, LossKind.CE, data,
                new MeasureOptions(s, CompressionOptions.defaults(), 64L << 20), new MeasureSeeds(seed, "test", 0));
    }

    @Test
    void aMeasuresNumbersDoNotDependOnWhichOthersRan() {
        MeasureResults alone = MeasureEngine.compute(List.of(R.get(Measures.TRACE_HESSIAN)), context(5),
                MeasureEngine.Listener.NONE);
        MeasureResults all = MeasureEngine.compute(R.all(), context(5), MeasureEngine.Listener.NONE);
        assertEquals(alone.get(Measures.TRACE_HESSIAN), all.get(Measures.TRACE_HESSIAN));
        List<Measure> reversed = new java.util.ArrayList<>(R.all());
        java.util.Collections.reverse(reversed);
        MeasureResults backwards = MeasureEngine.compute(reversed, context(5), MeasureEngine.Listener.NONE);
        for (String k : all.estimates().keySet()) assertEquals(all.get(k), backwards.get(k), k);
        MeasureResults other = MeasureEngine.compute(List.of(R.get(Measures.TRACE_HESSIAN)), context(6),
                MeasureEngine.Listener.NONE);
        assertFalse(other.get(Measures.TRACE_HESSIAN).value() == alone.get(Measures.TRACE_HESSIAN).value());
    }

    @Test
    void everyValueCarriesItsUncertaintyAndDiagnostics() {
        MeasureResults r = MeasureEngine.compute(R.all(), context(5), MeasureEngine.Listener.NONE);
        Estimate t = r.get(Measures.TRACE_HESSIAN);
        assertEquals(12, t.n());
        assertTrue(t.stdErr() > 0);
        assertEquals("hutch++", t.diagnostics().get(Estimate.ESTIMATOR));
        Estimate l = r.get(Measures.LAMBDA_MAX);
        assertTrue(l.converged() != null && l.diagnostics().get("residual") instanceof Double);
        assertEquals(l, r.get(Measures.TOP_EIGENVALUES + "[1]"));
        assertEquals(2, r.sites(Measures.TOP_EIGENVALUES).size());
        Estimate mls = r.get(Measures.MLS);
        assertEquals(8, mls.n());
        assertEquals(mls, r.get(Measures.MLS + "[input]"));
        assertEquals(Math.sqrt(r.get(Measures.TRACE_GGN).value()), r.get(Measures.SHARPNESS).value(), 1e-12);
        double kappa = r.sites(Measures.RELATIVE_FLATNESS).values().stream().mapToDouble(Estimate::value).sum();
        assertEquals(kappa, r.get(Measures.RELATIVE_FLATNESS).value(), 1e-12 * kappa);
        assertTrue(r.get(Measures.BOUND_D).value() >= r.get(Measures.MLS).value(), "Theorem 1 bounds MLS");
        assertTrue(r.get(Measures.BOUND_NMLS).value() >= r.get(Measures.NMLS).value(), "Theorem 3 bounds NMLS");
        for (Measure m : R.all()) {
            assertTrue(r.has(m.name()) || !r.sites(m.name()).isEmpty(), m.name() + " produced nothing");
        }
    }

    @Test
    void aNewMeasureIsOneEntryPlusItsEstimator() {
        Measure toy = Measure.of("toy_norm", MeasureKind.SHARPNESS, "param", "||θ||", "Euclidean norm of the "
                + "parameters, a toy measure for the registry test", (c, rng, out) -> {
                    double s = 0;
                    for (var t : c.params().tensors()) for (double v : t.data()) s += v * v;
                    out.put(new Estimate(Math.sqrt(s), 0.5, 3, Map.of(Estimate.CONVERGED, true)));
                });
        MeasureRegistry r = R.with(toy);
        MeasureResults res = MeasureEngine.compute(r.select(m -> m.name().equals("toy_norm")), context(1),
                MeasureEngine.Listener.NONE);
        assertEquals(0.5, res.get("toy_norm").stdErr());
        assertEquals(List.of("toy_norm"), List.copyOf(res.estimates().keySet()));
    }
}
