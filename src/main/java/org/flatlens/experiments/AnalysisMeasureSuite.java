package org.flatlens.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.flatlens.analysis.bounds.BoundCheck;
import org.flatlens.analysis.bounds.BoundKind;
import org.flatlens.analysis.bounds.Bounds;
import org.flatlens.analysis.compression.CompressionAnalysis;
import org.flatlens.analysis.compression.CompressionOptions;
import org.flatlens.analysis.compression.CompressionReport;
import org.flatlens.analysis.compression.SiteMeasures;
import org.flatlens.analysis.jacobians.Inputs;
import org.flatlens.analysis.linalg.TraceEstimate;
import org.flatlens.analysis.sharpness.ChunkPlan;
import org.flatlens.analysis.sharpness.DatasetHessian;
import org.flatlens.analysis.sharpness.HessianSpectrum;
import org.flatlens.analysis.sharpness.HessianTrace;
import org.flatlens.data.Batch;
import org.flatlens.data.Dataset;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.Parameters;

/**
 * The measures of the paper's experiments (THEORY.md §6) on the tracked samples, from the analysis packages:
 * <ul>
 *   <li>from one batched per-sample Jacobian pass: {@code trace_ggn}, {@code sharpness} = sqrt(Tr G), at the input site
 *       {@code mls}, {@code log_volume}, {@code local_dim}, {@code jacobian_energy}; per site {@code mls[site]},
 *       {@code log_volume[site]}, {@code relative_flatness[layer]} (Gauss–Newton form); network {@code nmls},
 *       {@code nvr}, {@code harm}, and {@code relative_flatness} = Σ_l κ^G_l;</li>
 *   <li>the paper's two bounds as values, {@code bound_d} (Theorem 1 with Tr G at the input site: the paper's D) and
 *       {@code bound_nmls} = sqrt(harm · Tr G) (Theorem 3), and every bound of THEORY.md §5 on both sides;</li>
 *   <li>optionally, from exact Hessian–vector products: {@code trace_hessian} (Hutch++) and {@code lambda_max}
 *       (Lanczos);</li>
 *   <li>standard errors {@code <key>_stderr} of the sampled ones ({@link #stdErrKey}).</li>
 * </ul>
 */
public final class AnalysisMeasureSuite implements MeasureSuite {
    /**
     * @param hessianProducts Hessian–vector products for {@code trace_hessian} and for {@code lambda_max} each; 0 skips
     *                        both (they cost about three gradients each)
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
     * The key under which a measure's standard error is recorded: over the tracked samples for the sample means
     * (mls, log_volume, local_dim, nmls), over the probes for {@code trace_hessian}.
     */
    public static String stdErrKey(String measure) {
        return measure + STDERR_SUFFIX;
    }

    /** Suffix of standard-error keys. */
    public static final String STDERR_SUFFIX = "_stderr";

    public AnalysisMeasureSuite(Options options) {
        this.options = options;
    }

    @Override
    public Measurements measure(Model model, Parameters params, LossKind loss, Batch train, Batch test,
            RandomGenerator rng) {
        CompressionReport c = CompressionAnalysis.run(model, params, Inputs.of(train.x()), loss,
                CompressionOptions.defaults().withVolumeRank(options.volumeRank()), rng);
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("trace_ggn", c.traceGgn());
        v.put("sharpness", Math.sqrt(c.traceGgn()));
        SiteMeasures input = c.sites().get(0);
        v.put("mls", input.mls().am());
        v.put("log_volume", input.logVolume().am());
        v.put("local_dim", input.localDim().am());
        v.put("jacobian_energy", input.jacobianEnergy().am());
        v.put("nmls", c.network().nmls().am());
        v.put(stdErrKey("mls"), input.mls().stderr());
        v.put(stdErrKey("log_volume"), input.logVolume().stderr());
        v.put(stdErrKey("local_dim"), input.localDim().stderr());
        v.put(stdErrKey("nmls"), c.network().nmls().stderr());
        v.put("nvr", c.network().nvr());
        v.put("harm", c.network().harm().am());
        double kappa = 0;
        for (SiteMeasures s : c.sites()) {
            v.put("mls[" + s.name() + "]", s.mls().am());
            v.put("log_volume[" + s.name() + "]", s.logVolume().am());
            v.put("relative_flatness[" + s.layer() + "]", s.bounds().relativeFlatness());
            kappa += s.bounds().relativeFlatness();
        }
        v.put("relative_flatness", kappa);
        List<BoundCheck> bounds = new ArrayList<>();
        for (BoundCheck b : Bounds.evaluate(c).checks()) {
            if (b.kind() == BoundKind.HEURISTIC) continue;
            bounds.add(b);
            if (b.name().equals("theorem1.trace") && b.site().equals("input")) v.put("bound_d", b.rhs());
            if (b.name().equals("theorem3.trace") && b.site().equals("network")) v.put("bound_nmls", b.rhs());
        }
        if (options.hessianProducts() > 0) hessianMeasures(model, params, loss, train, rng, v);
        return new Measurements(v, bounds);
    }

    private void hessianMeasures(Model model, Parameters params, LossKind loss, Batch train, RandomGenerator rng,
            Map<String, Double> v) {
        Dataset d = Dataset.fromTensor("tracked", train.x(), train.labels(), train.targets().dim(1));
        ChunkPlan plan = ChunkPlan.forBudget(model, params, d.size(), ChunkPlan.defaultBudgetBytes());
        DatasetHessian h = new DatasetHessian(model, params, d, loss, plan.chunkSize());
        int m = options.hessianProducts();
        TraceEstimate t = HessianTrace.estimate(h, rng, m, HessianTrace.Method.HUTCH_PLUS_PLUS);
        v.put("trace_hessian", t.mean());
        v.put(stdErrKey("trace_hessian"), t.stdErr());
        v.put("lambda_max", HessianSpectrum.topEigenvalues(h, rng, 1, m, HessianSpectrum.DEFAULT_REL_TOL).lambdaMax());
    }
}
