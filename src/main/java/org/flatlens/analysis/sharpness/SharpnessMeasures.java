package org.flatlens.analysis.sharpness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGenerator.SplittableGenerator;
import org.flatlens.analysis.linalg.LanczosResult;
import org.flatlens.analysis.linalg.SpectralDensity;
import org.flatlens.analysis.linalg.TraceEstimate;

/**
 * Computes every measure of THEORY.md §2 on one {@link DatasetHessian}: trace_hessian, the GGN measures, the top
 * eigenvalues (and optionally the spectral density), relative flatness per linear layer, adaptive_trace and
 * avg_sharpness.
 *
 * <p>Randomness: each measure gets its own generator split from {@code rng} in a fixed order before anything runs (and
 * each layer of relative flatness its own split of that), so the same seed gives the same numbers, and a measure's
 * numbers do not depend on which other measures ran or on their budgets.
 */
public final class SharpnessMeasures {
    /** Told when each measure starts, e.g. to show progress; names are the JSON keys. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (measure, products) -> { };

        /**
         * @param measure the measure about to run
         * @param products the Hessian–vector products it will spend (0 for measures without them)
         */
        void starting(String measure, long products);
    }

    private SharpnessMeasures() {}

    /**
     * @param h the Hessian of the loss on the chosen samples
     * @param ggn the Gauss–Newton measures of the same model, parameters, data and loss, computed beforehand (in
     *     {@code flatlens measure} from the per-sample Jacobians of the compression analysis); reported as they are
     * @param rng the seed of all randomness (split here; advanced)
     */
    public static SharpnessResult measure(DatasetHessian h, GgnTraces ggn, SharpnessOptions o, SplittableGenerator rng,
            Listener listener) {
        RandomGenerator traceRng = rng.split(), eigenRng = rng.split(), adaptiveRng = rng.split(),
                avgRng = rng.split(), densityRng = rng.split();
        SplittableGenerator flatnessRng = rng.split();
        long dim = h.template().size();
        List<LinearLayer> layers = LinearLayer.of(h.model(), h.parameters());
        int before = h.products();

        listener.starting("loss", 0);
        double loss = h.loss();
        listener.starting("trace_hessian", o.exact() ? dim : o.probes());
        TraceEstimate trace = HessianTrace.estimate(h, traceRng, o.probes(), o.traceMethod());
        listener.starting("trace_ggn", 0);
        int steps = (int) Math.min(o.lanczosSteps(), dim);
        listener.starting("top_eigenvalues", steps + Math.min(o.topK(), steps));
        LanczosResult eigen = HessianSpectrum.topEigenvalues(h, eigenRng, o.topK(), steps, o.lanczosRelTol());
        Map<String, TraceEstimate> flatness = relativeFlatness(h, layers, o, flatnessRng, listener);
        listener.starting("adaptive_trace", o.exact() ? dim : o.probes());
        TraceEstimate adaptive =
                o.exact() ? AdaptiveTrace.exact(h) : AdaptiveTrace.estimate(h, adaptiveRng, o.probes());
        listener.starting("avg_sharpness", 0);
        AverageSharpness avg = AverageSharpness.estimate(h, avgRng, o.avgSamples(), o.rho(), o.adaptive());
        SpectralDensity density = null;
        if (o.density()) {
            listener.starting("spectral_density", (long) o.densityStarts() * steps);
            density = HessianSpectrum.density(h, densityRng, o.densityStarts(), steps);
        }
        return new SharpnessResult(loss, trace, ggn, eigen, flatness, adaptive, avg, density, layers,
                h.products() - before);
    }

    private static Map<String, TraceEstimate> relativeFlatness(DatasetHessian h, List<LinearLayer> layers,
            SharpnessOptions o, SplittableGenerator rng, Listener listener) {
        Map<String, TraceEstimate> out = new LinkedHashMap<>();
        for (LinearLayer layer : layers) {
            RandomGenerator layerRng = rng.split();
            listener.starting("relative_flatness " + layer.name(),
                    o.exact() ? (long) layer.outDim() * layer.fanIn() : o.flatnessProbes());
            out.put(layer.name(), o.exact() ? RelativeFlatness.hessianExact(h, layer)
                    : RelativeFlatness.hessian(h, layer, layerRng, o.flatnessProbes()));
        }
        return out;
    }
}
