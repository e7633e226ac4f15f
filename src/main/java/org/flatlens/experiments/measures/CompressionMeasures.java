package org.flatlens.experiments.measures;

import static org.flatlens.experiments.measures.MeasureKind.BOUND;
import static org.flatlens.experiments.measures.MeasureKind.COMPRESSION;
import static org.flatlens.experiments.measures.MeasureKind.NETWORK;
import static org.flatlens.experiments.measures.MeasureKind.SHARPNESS;

import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator.SplittableGenerator;
import org.flatlens.analysis.bounds.BoundCheck;
import org.flatlens.analysis.bounds.Bounds;
import org.flatlens.analysis.compression.Aggregate;
import org.flatlens.analysis.compression.CompressionReport;
import org.flatlens.analysis.compression.SiteMeasures;

/**
 * The measures of the compression pass (THEORY.md §2 Gauss–Newton, §3–§4 compression, §5 bound values): one batched
 * per-sample Jacobian pass serves all of them. Per-sample means carry their standard error over the samples.
 */
final class CompressionMeasures {
    private CompressionMeasures() {}

    static List<Measure> all() {
        return List.of(
                Measure.of(Measures.TRACE_GGN, SHARPNESS, "loss/param²", "Tr G",
                        "Trace of the Gauss–Newton matrix, AM_i ||∂g_i/∂θ||_F² (exact on the samples)",
                        CompressionMeasures::traceGgn),
                Measure.of(Measures.TRACE_GGN_LAYER, SHARPNESS, "loss/param²", "S_l",
                        "Gauss–Newton trace of one weight, S_l = AM_i ||∂g_i/∂W_l||_F², [weight] by weight name",
                        (c, rng, out) -> {
                            for (SiteMeasures s : c.compression().sites()) {
                                out.put(s.weight(), Estimate.exact(s.bounds().traceGgnLayer()));
                            }
                        }).measureOnly(),
                Measure.of(Measures.SHARPNESS, SHARPNESS, "sqrt(loss)/param", "√Tr G",
                        "The paper's sharpness, the square root of the Gauss–Newton trace",
                        (c, rng, out) -> out.put(Estimate.exact(Math.sqrt(c.compression().traceGgn())))),
                perSite(Measures.MLS, "1", "MLS", "Maximum local sensitivity AM_i σ_1(J_i) of the output to the "
                        + "representation (the measure alone: the input site; [site]: every linear layer's input)",
                        SiteMeasures::mls),
                perSite(Measures.LOG_VOLUME, "nats", "log volume", "Local volumetric ratio AM_i Σ_{j≤q} log σ_j(J_i); "
                        + "−∞ when the Jacobian is rank-deficient (the measure alone: the input site)",
                        SiteMeasures::logVolume),
                inputSite(Measures.LOCAL_DIM, "1", "local dim",
                        "Local dimensionality: participation ratio (Σσ²)²/Σσ⁴ of the input-site Jacobian, in [1, r]",
                        SiteMeasures::localDim),
                inputSite(Measures.JACOBIAN_ENERGY, "1", "‖J‖²_F",
                        "Input-gradient energy AM_i ||J_i||_F² at the input site (the paper's G)",
                        SiteMeasures::jacobianEnergy),
                Measure.of(Measures.NMLS, NETWORK, "1", "NMLS",
                        "Network MLS: AM_i Σ_l σ_1(J_{l,i}) over every linear layer's input site",
                        (c, rng, out) -> out.put(Estimate.of(c.compression().network().nmls()))),
                Measure.of(Measures.NVR, NETWORK, "nats", "NVR",
                        "Network volumetric ratio: the sum of the per-site log volumes",
                        (c, rng, out) -> out.put(Estimate.exact(c.compression().network().nvr()))),
                Measure.of(Measures.HARM, NETWORK, "||W||²/||h||²", "harm",
                        "AM_i Σ_l ||W_l||_2² / ||h_{l,i}||², the weight factor of Theorem 3",
                        (c, rng, out) -> out.put(Estimate.of(c.compression().network().harm()))),
                Measure.of(Measures.RELATIVE_FLATNESS, SHARPNESS, "loss", "κ", "Relative flatness, Gauss–Newton "
                        + "form: Σ_l κ^G_l ([layer]: κ^G_l = AM_i Σ_c ||W_matᵀ ∂g_{i,c}/∂W_mat||_F²)",
                        CompressionMeasures::relativeFlatness),
                Measure.of(Measures.BOUND_D, BOUND, "1", "bound D",
                        "Theorem 1 with Tr G at the input site: the paper's bound D on MLS",
                        (c, rng, out) -> bound(c, Bounds.THEOREM1_TRACE, c.compression().sites().get(0).name(), out)),
                Measure.of(Measures.BOUND_NMLS, BOUND, "1", "NMLS bound",
                        "Theorem 3: the bound sqrt(harm · Tr G) on NMLS",
                        (c, rng, out) -> bound(c, Bounds.THEOREM3_TRACE, Bounds.NETWORK_SITE, out)));
    }

    private static void traceGgn(MeasureContext c, SplittableGenerator rng, Estimator.Sink out) {
        CompressionReport r = c.compression();
        out.put(Estimate.exact(r.traceGgn()).with(Estimate.ESTIMATOR, "batched per-sample Jacobians")
                .with("samples", r.samples()));
    }

    private static void relativeFlatness(MeasureContext c, SplittableGenerator rng, Estimator.Sink out) {
        double kappa = 0;
        for (SiteMeasures s : c.compression().sites()) {
            out.put(s.layer(), Estimate.exact(s.bounds().relativeFlatness()));
            kappa += s.bounds().relativeFlatness();
        }
        out.put(Estimate.exact(kappa));
    }

    private static void bound(MeasureContext c, String theorem, String site, Estimator.Sink out) {
        BoundCheck b = c.bounds().find(theorem, site).orElseThrow(
                () -> new IllegalStateException("bound " + theorem + " at " + site + " was not evaluated"));
        out.put(Estimate.exact(b.rhs()).with("theorem", theorem));
    }

    /** At the input site as the measure itself, and at every site as {@code name[site]}. */
    private static Measure perSite(String name, String unit, String label, String description,
            Function<SiteMeasures, Aggregate> f) {
        return Measure.of(name, COMPRESSION, unit, label, description, (c, rng, out) -> {
            List<SiteMeasures> sites = c.compression().sites();
            out.put(Estimate.of(f.apply(sites.get(0))));
            for (SiteMeasures s : sites) out.put(s.name(), Estimate.of(f.apply(s)));
        });
    }

    /** At the input site only. */
    private static Measure inputSite(String name, String unit, String label, String description,
            Function<SiteMeasures, Aggregate> f) {
        return Measure.of(name, COMPRESSION, unit, label, description,
                (c, rng, out) -> out.put(Estimate.of(f.apply(c.compression().sites().get(0)))));
    }
}
