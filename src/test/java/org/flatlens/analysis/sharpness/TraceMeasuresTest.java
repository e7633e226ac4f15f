package org.flatlens.analysis.sharpness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.flatlens.analysis.linalg.TraceEstimate;
import org.flatlens.nn.LossKind;
import org.junit.jupiter.api.Test;

/**
 * The stochastic estimators on real models, against exact values: Hutchinson and Hutch++ for {@code Tr(H)}, the
 * adaptive trace {@code Tr(DHD)}, and average sharpness against its second-order expansion. Fixed seeds; "within a few
 * standard errors" is 4 standard errors.
 */
class TraceMeasuresTest {
    private static final int PROBES = 60;

    @Test
    void hutchinsonAndHutchPlusPlusAreWithinAFewStandardErrorsOfTheExactTrace() {
        for (TinyModels.Case c : TinyModels.all()) {
            DatasetHessian h = c.hessian(LossKind.CE, 4);
            double exact = HessianTrace.estimate(h, null, 0, HessianTrace.Method.EXACT).mean();
            for (HessianTrace.Method m : new HessianTrace.Method[] {HessianTrace.Method.HUTCHINSON,
                    HessianTrace.Method.HUTCH_PLUS_PLUS}) {
                TraceEstimate t = HessianTrace.estimate(h, new SplittableRandom(11), PROBES, m);
                double z = t.standardErrorsFrom(exact);
                System.out.printf("%s %s: %.5f ± %.5f vs exact %.5f (%.2f stderr, %d products)%n", c.name(), m.key(),
                        t.mean(), t.stdErr(), exact, z, t.probes());
                assertTrue(z < 4, c.name() + " " + m.key() + ": " + z + " standard errors from the exact trace");
                assertTrue(t.stdErr() > 0);
                assertEquals(m.key(), t.estimator().key());
            }
        }
    }

    @Test
    void adaptiveTraceEstimateMatchesExactTrDHD() {
        for (TinyModels.Case c : TinyModels.all()) {
            DatasetHessian h = c.hessian(LossKind.MSE, 7);
            double[][] dense = TinyModels.hessian(h);
            double[] theta = h.theta().toArray();
            double oracle = 0;
            for (int j = 0; j < theta.length; j++) oracle += theta[j] * theta[j] * dense[j][j];
            TraceEstimate exact = AdaptiveTrace.exact(h);
            assertEquals(oracle, exact.mean(), 1e-10 * Math.abs(oracle), c.name());
            TraceEstimate t = AdaptiveTrace.estimate(h, new SplittableRandom(3), PROBES);
            double z = t.standardErrorsFrom(oracle);
            System.out.printf("%s adaptive: %.5f ± %.5f vs exact %.5f (%.2f stderr)%n", c.name(), t.mean(), t.stdErr(),
                    oracle, z);
            assertTrue(z < 4, c.name() + ": " + z + " standard errors");
        }
    }

    /** For small ρ, {@code E[L(θ+δ)] − L(θ) = ½ρ² Tr(H) + O(ρ⁴)} (isotropic) and {@code ½ρ² Tr(DHD)} (adaptive). */
    @Test
    void averageSharpnessMatchesItsSecondOrderExpansion() {
        TinyModels.Case c = TinyModels.mlp("tanh", 5);
        DatasetHessian h = c.hessian(LossKind.MSE, 7);
        double rho = 1e-3;
        double trace = HessianTrace.estimate(h, null, 0, HessianTrace.Method.EXACT).mean();
        double trDhd = AdaptiveTrace.exact(h).mean();
        AverageSharpness iso = AverageSharpness.estimate(h, new SplittableRandom(8), 400, rho, false);
        AverageSharpness ada = AverageSharpness.estimate(h, new SplittableRandom(8), 400, rho, true);
        double isoZ = Math.abs(iso.mean() - 0.5 * rho * rho * trace) / iso.stdErr();
        double adaZ = Math.abs(ada.mean() - 0.5 * rho * rho * trDhd) / ada.stdErr();
        System.out.printf("avg sharpness isotropic %.4e ± %.1e vs ½ρ²Tr(H) %.4e (%.2f se); adaptive %.4e ± %.1e vs "
                + "½ρ²Tr(DHD) %.4e (%.2f se)%n", iso.mean(), iso.stdErr(), 0.5 * rho * rho * trace, isoZ, ada.mean(),
                ada.stdErr(), 0.5 * rho * rho * trDhd, adaZ);
        assertTrue(isoZ < 4, "isotropic: " + isoZ + " standard errors");
        assertTrue(adaZ < 4, "adaptive: " + adaZ + " standard errors");
        assertEquals(400, iso.samples());
        assertTrue(ada.adaptive() && !iso.adaptive());
    }

    @Test
    void averageSharpnessIsZeroAtRhoZero() {
        DatasetHessian h = TinyModels.cnn(1).hessian(LossKind.CE, 6);
        AverageSharpness a = AverageSharpness.estimate(h, new SplittableRandom(1), 3, 0.0, false);
        assertEquals(0.0, a.mean());
        assertEquals(0.0, a.stdErr());
    }
}
