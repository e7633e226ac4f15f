package org.flatlens.experiments;

import java.util.List;
import org.flatlens.analysis.bounds.BoundCheck;
import org.flatlens.analysis.bounds.BoundKind;
import org.flatlens.analysis.sharpness.ChunkPlan;
import org.flatlens.data.Batch;
import org.flatlens.data.Dataset;
import org.flatlens.experiments.measures.Measure;
import org.flatlens.experiments.measures.MeasureContext;
import org.flatlens.experiments.measures.MeasureEngine;
import org.flatlens.experiments.measures.MeasureOptions;
import org.flatlens.experiments.measures.MeasureRegistry;
import org.flatlens.experiments.measures.MeasureResults;
import org.flatlens.experiments.measures.MeasureSeeds;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.Parameters;

/**
 * The tracked measures of the paper's experiments (THEORY.md §6) on the tracked training samples: every measure of a
 * {@link MeasureRegistry} marked {@link Measure#tracked()}, computed by {@link MeasureEngine} (the path
 * {@code flatlens measure} takes too), plus every bound of THEORY.md §5 except the paper's heuristics. With the
 * standard registry these are {@code trace_ggn}, {@code sharpness}, {@code mls}, {@code log_volume},
 * {@code local_dim}, {@code jacobian_energy}, {@code nmls}, {@code nvr}, {@code harm}, {@code relative_flatness},
 * {@code bound_d}, {@code bound_nmls} and, with Hessian products, {@code trace_hessian} (Hutch++) and
 * {@code lambda_max} (Lanczos), and per site {@code mls[site]}, {@code log_volume[site]},
 * {@code relative_flatness[layer]}. Every value carries its {@link org.flatlens.experiments.measures.Estimate}; the
 * flat outputs write it beside the value as {@code <key>_stderr}, {@code <key>_n}, ... ({@link
 * org.flatlens.experiments.measures.OutputKeys}, the one place those columns are named).
 */
public final class AnalysisMeasureSuite implements MeasureSuite {
    /**
     * @param hessianProducts Hessian–vector products for {@code trace_hessian} and for {@code lambda_max} each; 0 skips
     *                        every measure that needs them (they cost about three gradients each)
     * @param volumeRank      q of {@code log_volume} (0: r)
     */
    public record Options(int hessianProducts, int volumeRank) implements java.io.Serializable {
        public Options {
            if (hessianProducts != 0 && hessianProducts < 6) {
                throw new IllegalArgumentException("Hessian measures need at least 6 products, got " + hessianProducts);
            }
        }
    }

    private final Options options;
    /**
     * Not serialized (its estimators are code, not data): a suite sent to a distributed executor's workers measures
     * with the standard registry there.
     */
    private final transient MeasureRegistry registry;

    public AnalysisMeasureSuite(Options options) {
        this(options, MeasureRegistry.standard());
    }

    public AnalysisMeasureSuite(Options options, MeasureRegistry registry) {
        this.options = options;
        this.registry = registry;
    }

    @Override
    public Measurements measure(Model model, Parameters params, LossKind loss, Batch train, Batch test,
            MeasureSeeds seeds) {
        Dataset d = Dataset.fromTensor("tracked", train.x(), train.labels(), train.targets().dim(1));
        MeasureOptions o = MeasureOptions.tracking(options.hessianProducts(), options.volumeRank(),
                ChunkPlan.defaultBudgetBytes());
        MeasureContext c = new MeasureContext(model, params, loss, d, o, seeds);
        MeasureRegistry reg = registry != null ? registry : MeasureRegistry.standard();
        List<Measure> wanted = reg.select(m -> m.tracked() && (options.hessianProducts() > 0 || !m.hessian()));
        MeasureResults r = MeasureEngine.compute(wanted, c, MeasureEngine.Listener.NONE);
        List<BoundCheck> bounds = c.bounds().checks().stream().filter(b -> b.kind() != BoundKind.HEURISTIC).toList();
        return new Measurements(r.estimates(), bounds);
    }
}
