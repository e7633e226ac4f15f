package org.flatlens.analysis.sharpness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.flatlens.analysis.linalg.LinearOperator;
import org.flatlens.analysis.linalg.ParamVector;
import org.flatlens.analysis.linalg.TraceEstimate;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Relative flatness, Hessian form, against Petzka's sum from the dense Hessian; its reparametrisation invariance. */
class RelativeFlatnessTest {

    /**
     * The estimator's expectation {@code E_Z[vᵀHv] = Σ_{a,b} (M E_ab)ᵀ H (M E_ab)} (E[zzᵀ] = I for Rademacher z) equals
     * Petzka's {@code Σ_{s,s'} ⟨w_s, w_s'⟩ Tr(H_{s,s'})} from the dense Hessian, for dense, conv and token layers; so
     * does the exact path, and the Hutchinson estimate lies within a few standard errors.
     */
    @Test
    void expectationEqualsThePetzkaSumOfTheExactHessian() {
        for (TinyModels.Case c : TinyModels.all()) {
            DatasetHessian h = c.hessian(LossKind.CE, 3);
            double[][] dense = TinyModels.hessian(h);
            for (LinearLayer l : LinearLayer.of(c.model(), c.params())) {
                double petzka = TinyModels.petzka(dense, c.params(), l);
                double expectation = expectationOverBasis(h, l);
                TraceEstimate exact = RelativeFlatness.hessianExact(h, l);
                TraceEstimate est = RelativeFlatness.hessian(h, l, new SplittableRandom(21), 80);
                double z = est.standardErrorsFrom(petzka);
                System.out.printf("%s %s (%s %dx%d): Petzka %.10f, E_Z %.10f, exact %.10f, Hutchinson %.5f ± %.5f "
                        + "(%.2f se)%n", c.name(), l.name(), l.kind().key(), l.outDim(), l.fanIn(), petzka, expectation,
                        exact.mean(), est.mean(), est.stdErr(), z);
                double tol = 1e-10 * Math.max(1, Math.abs(petzka));
                assertEquals(petzka, expectation, tol, c.name() + " " + l.name());
                assertEquals(petzka, exact.mean(), tol, c.name() + " " + l.name());
                assertEquals(l.outDim() * l.fanIn(), exact.probes());
                assertTrue(z < 4, c.name() + " " + l.name() + ": " + z + " standard errors");
            }
        }
    }

    /** Scaling a ReLU layer (weight and bias) by α and the next layer's weight by 1/α changes no κ_l. */
    @Test
    void invariantUnderLayerRescalingOfAReluNetwork() {
        TinyModels.Case c = TinyModels.mlp("relu", 8);
        double alpha = 2.5;
        TinyModels.Case scaled = c.withParams(rescale(c.params(), alpha));
        DatasetHessian h = c.hessian(LossKind.MSE, 7), hs = scaled.hessian(LossKind.MSE, 7);
        assertEquals(h.loss(), hs.loss(), 1e-13 * h.loss(), "the rescaled network computes the same function");
        List<LinearLayer> layers = LinearLayer.of(c.model(), c.params());
        GgnTraces g = new BruteForceGgn().compute(c.model(), c.params(), c.data(), LossKind.MSE, layers);
        GgnTraces gs = new BruteForceGgn().compute(c.model(), scaled.params(), c.data(), LossKind.MSE, layers);
        for (LinearLayer l : layers) {
            double exact = RelativeFlatness.hessianExact(h, l).mean();
            double exactScaled = RelativeFlatness.hessianExact(hs, l).mean();
            TraceEstimate est = RelativeFlatness.hessian(h, l, new SplittableRandom(4), 20);
            TraceEstimate estScaled = RelativeFlatness.hessian(hs, l, new SplittableRandom(4), 20);
            System.out.printf("layer %s: κ %.10f vs rescaled %.10f; Hutchinson %.10f vs %.10f%n", l.name(), exact,
                    exactScaled, est.mean(), estScaled.mean());
            double tol = 1e-10 * Math.abs(exact);
            assertEquals(exact, exactScaled, tol, l.name());
            assertEquals(est.mean(), estScaled.mean(), 1e-10 * Math.abs(est.mean()), l.name());
            assertEquals(est.stdErr(), estScaled.stdErr(), 1e-10 * est.stdErr(), l.name());
            double kg = g.relativeFlatness().get(l.name());
            assertEquals(kg, gs.relativeFlatness().get(l.name()), 1e-10 * kg, l.name() + " (GGN)");
        }
        double s0 = g.traceGgnLayers().get("0.weight"), s0scaled = gs.traceGgnLayers().get("0.weight");
        assertEquals(s0 / (alpha * alpha), s0scaled, 1e-10 * s0, "S_l itself is not invariant: it scales by 1/α²");
    }

    private static Parameters rescale(Parameters p, double alpha) {
        List<Tensor> values = new ArrayList<>();
        for (String name : p.names()) {
            Tensor t = p.get(name);
            values.add(name.startsWith("0.") ? t.mul(alpha) : name.equals("2.weight") ? t.mul(1 / alpha) : t);
        }
        return p.with(values);
    }

    /** {@code Σ_{a,b} (M E_ab)ᵀ H (M E_ab)} over the unit matrices {@code E_ab} of the probe space. */
    private static double expectationOverBasis(DatasetHessian h, LinearLayer l) {
        LinearOperator m = RelativeFlatness.probeMap(h, l);
        int f = l.fanIn();
        double sum = 0;
        for (int i = 0; i < f * f; i++) {
            Tensor e = Tensor.zeros(f, f);
            e.data()[i] = 1.0;
            ParamVector v = m.apply(ParamVector.of(e));
            sum += v.dot(h.apply(v));
        }
        return sum;
    }
}
