package org.flatlens.experiments.measures;

import static org.flatlens.experiments.measures.MeasureKind.LOSS;
import static org.flatlens.experiments.measures.MeasureKind.SHARPNESS;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator.SplittableGenerator;
import org.flatlens.analysis.linalg.LanczosResult;
import org.flatlens.analysis.linalg.SpectralDensity;
import org.flatlens.analysis.sharpness.AdaptiveTrace;
import org.flatlens.analysis.sharpness.AverageSharpness;
import org.flatlens.analysis.sharpness.HessianSpectrum;
import org.flatlens.analysis.sharpness.HessianTrace;
import org.flatlens.analysis.sharpness.LinearLayer;
import org.flatlens.analysis.sharpness.RelativeFlatness;
import org.flatlens.analysis.sharpness.SharpnessOptions;

/**
 * The measures of THEORY.md §2 that need Hessian–vector products, on the context's dataset Hessian, plus the loss.
 * With {@code exact} options every trace-type measure is computed exactly (one product per parameter).
 */
final class SharpnessMeasureSet {
    private SharpnessMeasureSet() {}

    static List<Measure> all() {
        return List.of(
                Measure.of(Measures.LOSS, LOSS, "loss", "L(θ)",
                        "The loss on the measured samples (MSE: ½-sum per sample; CE: nats per sample)",
                        (c, rng, out) -> out.put(Estimate.exact(c.hessian().loss()))).measureOnly(),
                Measure.of(Measures.TRACE_HESSIAN, SHARPNESS, "loss/param²", "Tr H",
                        "Trace of the loss Hessian, by Hutch++ or Hutchinson from Hessian–vector products (or exactly)",
                        SharpnessMeasureSet::traceHessian).withHessian(SharpnessMeasureSet::traceProducts),
                Measure.of(Measures.LAMBDA_MAX, SHARPNESS, "loss/param²", "λ_max",
                        "Largest Hessian eigenvalue by Lanczos, with its residual ||Hy − θy|| and convergence flag",
                        (c, rng, out) -> out.put(eigenvalue(c.lanczos(), 0, c.lanczosSteps())))
                        .withHessian(c -> c.lanczosSteps() + 1L),
                Measure.of(Measures.TOP_EIGENVALUES, SHARPNESS, "loss/param²", "θ_i", "The top-k Hessian eigenvalues "
                        + "by Lanczos, [i] the i-th largest (1-based), with residuals and convergence flags",
                        SharpnessMeasureSet::topEigenvalues)
                        .withHessian(c -> c.lanczosSteps() + (long) c.options().sharpness().topK()).measureOnly(),
                Measure.of(Measures.RELATIVE_FLATNESS_HESSIAN, SHARPNESS, "loss", "κ_l", "Relative flatness, Hessian "
                        + "form, per linear layer: Tr(W_matᵀ H_l W_mat) from Hessian–vector products",
                        SharpnessMeasureSet::relativeFlatness)
                        .withHessian(c -> c.layers().size() * flatnessProducts(c)).measureOnly(),
                Measure.of(Measures.ADAPTIVE_TRACE, SHARPNESS, "loss", "Tr(DHD)",
                        "Adaptive trace Tr(D H D), D = diag|θ|: scale-invariant sharpness",
                        SharpnessMeasureSet::adaptiveTrace)
                        .withHessian(SharpnessMeasureSet::traceProducts).measureOnly(),
                Measure.of(Measures.AVG_SHARPNESS, SHARPNESS, "loss", "avg sharpness",
                        "Average sharpness E_δ[L(θ+δ)] − L(θ) over Gaussian perturbations (antithetic pairs)",
                        SharpnessMeasureSet::avgSharpness).withHessian(c -> 0L).measureOnly(),
                Measure.of(Measures.SPECTRAL_DENSITY, SHARPNESS, "loss/param²", "SLQ Tr H", "Spectral density of the "
                        + "Hessian by stochastic Lanczos quadrature: value = its trace estimate; nodes, weights in the "
                        + "diagnostics", SharpnessMeasureSet::density)
                        .withHessian(c -> (long) c.options().sharpness().densityStarts() * c.lanczosSteps())
                        .measureOnly());
    }

    private static void traceHessian(MeasureContext c, SplittableGenerator rng, Estimator.Sink out) {
        SharpnessOptions o = c.options().sharpness();
        out.put(Estimate.of(HessianTrace.estimate(c.hessian(), rng, o.probes(), o.traceMethod())));
    }

    private static void topEigenvalues(MeasureContext c, SplittableGenerator rng, Estimator.Sink out) {
        LanczosResult e = c.lanczos();
        for (int i = 0; i < e.eigenvalues().length; i++) {
            out.put(Integer.toString(i + 1), eigenvalue(e, i, c.lanczosSteps()));
        }
    }

    private static void adaptiveTrace(MeasureContext c, SplittableGenerator rng, Estimator.Sink out) {
        SharpnessOptions o = c.options().sharpness();
        out.put(Estimate.of(o.exact() ? AdaptiveTrace.exact(c.hessian())
                : AdaptiveTrace.estimate(c.hessian(), rng, o.probes())));
    }

    private static void avgSharpness(MeasureContext c, SplittableGenerator rng, Estimator.Sink out) {
        SharpnessOptions o = c.options().sharpness();
        AverageSharpness a = AverageSharpness.estimate(c.hessian(), rng, o.avgSamples(), o.rho(), o.adaptive());
        out.put(new Estimate(a.mean(), a.stdErr(), a.samples(),
                Map.of("rho", a.rho(), "adaptive", a.adaptive(), Estimate.ESTIMATOR, "antithetic")));
    }

    /** Products of one stochastic (or exact) trace. */
    private static long traceProducts(MeasureContext c) {
        SharpnessOptions o = c.options().sharpness();
        return o.exact() ? c.params().count() : o.probes();
    }

    /** Products per layer of relative_flatness: its own budget, {@code flatnessProbes} (it is spent once per layer). */
    private static long flatnessProducts(MeasureContext c) {
        SharpnessOptions o = c.options().sharpness();
        return o.exact() ? c.params().count() : o.flatnessProbes();
    }

    /** A Ritz value: no standard error (NaN); n = Lanczos steps; the residual bounds its distance to H's spectrum. */
    private static Estimate eigenvalue(LanczosResult e, int i, int steps) {
        return new Estimate(e.eigenvalues()[i], Double.NaN, e.steps(), Map.of(Estimate.ESTIMATOR, "lanczos",
                "residual", e.residualNorms()[i], Estimate.CONVERGED, e.converged()[i], "requested_steps", steps));
    }

    private static void relativeFlatness(MeasureContext c, SplittableGenerator rng, Estimator.Sink out) {
        SharpnessOptions o = c.options().sharpness();
        for (LinearLayer layer : c.layers()) {
            // One split per layer, drawn whether or not it is used, so a layer's numbers do not depend on the others.
            SplittableGenerator layerRng = rng.split();
            out.put(layer.name(), Estimate.of(o.exact() ? RelativeFlatness.hessianExact(c.hessian(), layer)
                    : RelativeFlatness.hessian(c.hessian(), layer, layerRng, o.flatnessProbes())));
        }
    }

    private static void density(MeasureContext c, SplittableGenerator rng, Estimator.Sink out) {
        SpectralDensity d = HessianSpectrum.density(c.hessian(), rng, c.options().sharpness().densityStarts(),
                c.lanczosSteps());
        out.put(Estimate.of(d.trace()).with("nodes", d.nodes()).with("weights", d.weights())
                .with("dimension", d.dimension()).with("starts", d.numStarts()).with("matvecs", d.matvecs()));
    }
}
