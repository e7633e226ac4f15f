package org.flatlens.analysis.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.analysis.compression.Aggregate;
import org.flatlens.analysis.compression.CompressionAnalysis;
import org.flatlens.analysis.compression.CompressionOptions;
import org.flatlens.analysis.compression.CompressionReport;
import org.flatlens.analysis.compression.SiteMeasures;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.Models;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.TestModels;
import org.junit.jupiter.api.Test;

class BoundsReportTest {
    @Test
    void aViolatedTheoremIsDetected() {
        TestModels.Case m = TestModels.mlp("tanh", 1);
        CompressionReport r = CompressionAnalysis.run(m.model(), m.params(), m.inputs(5, 1), LossKind.MSE,
                CompressionOptions.defaults(), new SplittableRandom(1));
        assertTrue(Bounds.evaluate(r).allTheoremsHold());
        List<SiteMeasures> sites = new ArrayList<>(r.sites());
        SiteMeasures s = sites.get(0);
        Aggregate inflated = new Aggregate(s.mls().am() * 100, s.mls().gm() * 100, s.mls().stderr(), s.mls().n());
        sites.set(0, new SiteMeasures(s.name(), s.layer(), s.kind(), s.weight(), s.inputSize(), s.positions(), s.fanIn(),
                s.rank(), s.volumeRank(), inflated, s.logVolume(), s.localDim(), s.jacobianEnergy(), s.relMls(), s.norm(),
                s.rho(), s.weightNorms(), s.bounds(), s.localDimMc(), s.mlsMc()));
        CompressionReport tampered = new CompressionReport(r.loss(), r.samples(), r.outputs(), r.outputRank(),
                r.chunkSize(), sites, r.network(), r.traceGgnParams(), r.monteCarlo());
        BoundsReport b = Bounds.evaluate(tampered);
        assertFalse(b.allTheoremsHold());
        assertTrue(b.failedTheorems().stream().anyMatch(c -> c.name().equals("theorem1.trace")
                && c.site().equals("input") && c.ratio() > 1), b.failedTheorems().toString());
    }

    @Test
    void identitiesAreExactToRounding() {
        TestModels.Case m = TestModels.mlp("relu", 2);
        CompressionReport r = CompressionAnalysis.run(m.model(), m.params(), m.inputs(8, 2), LossKind.CE,
                CompressionOptions.defaults(), new SplittableRandom(2));
        List<BoundCheck> ids = Bounds.evaluate(r).named("lemma2.identity");
        assertEquals(r.sites().size(), ids.size());
        for (BoundCheck c : ids) assertEquals(1.0, c.ratio(), 1e-13, c.toString());
    }

    /** The volume bounds (Theorem 2) compare logarithms and say so; the ratio is then exp(lhs − rhs). */
    @Test
    void exactlyTheVolumeBoundsAreLogarithmic() {
        TestModels.Case m = TestModels.mlp("tanh", 3);
        CompressionReport r = CompressionAnalysis.run(m.model(), m.params(), m.inputs(6, 3), LossKind.MSE,
                CompressionOptions.defaults(), new SplittableRandom(3));
        for (BoundCheck c : Bounds.evaluate(r).checks()) {
            assertEquals(c.name().startsWith("theorem2") || c.name().startsWith("paper.theorem2"), c.logarithmic(),
                    c.toString());
            if (c.logarithmic() && c.kind() != BoundKind.VACUOUS && Double.isFinite(c.lhs())) {
                assertEquals(Math.exp(c.lhs() - c.rhs()), c.ratio(), 1e-12 * c.ratio(), c.toString());
            }
        }
    }

    /** Regression: a layer whose ReLUs are all dead gave a NaN right side (∞ · 0) in the per-sample Theorem 3. */
    @Test
    void deadLayerGivesVacuousBoundsNotNaN() {
        Model model = Models.build(new ModelSpec("mlp", Map.of("widths", List.of(5, 4), "activation", "relu"),
                new int[] {1, 2, 2}, 3));
        Parameters p = model.init(new SplittableRandom(3));
        Map<String, Tensor> m = new LinkedHashMap<>(p.asMap());
        m.put("0.bias", Tensor.full(p.get("0.bias").shape(), -100.0)); // every first-layer unit dead
        CompressionReport r = CompressionAnalysis.run(model, new Parameters(m), Tensor.uniform(new SplittableRandom(4),
                0, 1, 3, 1, 2, 2), LossKind.MSE, CompressionOptions.defaults(), new SplittableRandom(5));
        assertEquals(0.0, r.site("2").norm().am());
        BoundsReport b = Bounds.evaluate(r);
        assertTrue(b.allTheoremsHold(), b.failedTheorems().toString());
        for (BoundCheck c : b.checks()) assertFalse(Double.isNaN(c.ratio()), c.toString());
        assertEquals(BoundKind.VACUOUS, b.named("theorem3.sample").get(0).kind());
    }
}
