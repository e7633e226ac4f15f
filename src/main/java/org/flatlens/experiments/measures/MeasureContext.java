package org.flatlens.experiments.measures;

import java.util.List;
import org.flatlens.analysis.bounds.Bounds;
import org.flatlens.analysis.bounds.BoundsReport;
import org.flatlens.analysis.compression.CompressionAnalysis;
import org.flatlens.analysis.compression.CompressionReport;
import org.flatlens.analysis.jacobians.Inputs;
import org.flatlens.analysis.linalg.LanczosResult;
import org.flatlens.analysis.sharpness.ChunkPlan;
import org.flatlens.analysis.sharpness.DatasetHessian;
import org.flatlens.analysis.sharpness.HessianSpectrum;
import org.flatlens.analysis.sharpness.LinearLayer;
import org.flatlens.data.Dataset;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.Parameters;

/**
 * What the measures are computed on (a model, its parameters, a loss and a fixed set of samples), with the
 * computations several measures share, each done once on first use: the compression pass (one batched per-sample
 * Jacobian pass serves {@code trace_ggn}, every compression measure and the bounds), the dataset Hessian and the
 * Lanczos run behind {@code lambda_max} and {@code top_eigenvalues}. Not thread-safe; {@code params} is not modified.
 */
public final class MeasureContext {
    private final Model model;
    private final Parameters params;
    private final LossKind loss;
    private final Dataset samples;
    private final MeasureOptions options;
    private final MeasureSeeds seeds;
    private CompressionReport compression;
    private BoundsReport bounds;
    private DatasetHessian hessian;
    private LanczosResult lanczos;
    private List<LinearLayer> layers;

    public MeasureContext(Model model, Parameters params, LossKind loss, Dataset samples, MeasureOptions options,
            MeasureSeeds seeds) {
        if (samples.size() == 0) throw new IllegalArgumentException("no samples to measure");
        this.model = model;
        this.params = params;
        this.loss = loss;
        this.samples = samples;
        this.options = options;
        this.seeds = seeds;
    }

    public Model model() {
        return model;
    }

    public Parameters params() {
        return params;
    }

    public LossKind loss() {
        return loss;
    }

    public Dataset samples() {
        return samples;
    }

    public MeasureOptions options() {
        return options;
    }

    public MeasureSeeds seeds() {
        return seeds;
    }

    /** The compression pass (THEORY.md §3–§4), seeded by {@code seeds.rng("compression")}. */
    public CompressionReport compression() {
        if (compression == null) {
            compression = CompressionAnalysis.run(model, params, Inputs.of(samples), loss, options.compression(),
                    seeds.rng("compression"));
        }
        return compression;
    }

    /** Every bound of THEORY.md §5 on the compression pass, heuristics included. */
    public BoundsReport bounds() {
        if (bounds == null) bounds = Bounds.evaluate(compression());
        return bounds;
    }

    /** Whether the compression pass has run (so the bounds are available without further cost). */
    public boolean hasCompression() {
        return compression != null;
    }

    /** The Hessian of the loss on the samples, streamed in chunks that fit the memory budget. */
    public DatasetHessian hessian() {
        if (hessian == null) {
            ChunkPlan plan = ChunkPlan.forBudget(model, params, samples.size(), options.chunkBudgetBytes());
            hessian = new DatasetHessian(model, params, samples, loss, plan.chunkSize());
        }
        return hessian;
    }

    /** The top {@code topK} eigenvalues of the Hessian by Lanczos, seeded by {@code seeds.rng("lanczos")}. */
    public LanczosResult lanczos() {
        if (lanczos == null) {
            var o = options.sharpness();
            lanczos = HessianSpectrum.topEigenvalues(hessian(), seeds.rng("lanczos"), o.topK(), lanczosSteps(),
                    o.lanczosRelTol());
        }
        return lanczos;
    }

    /** Lanczos steps: as requested, at most the number of parameters. */
    public int lanczosSteps() {
        return (int) Math.min(options.sharpness().lanczosSteps(), params.count());
    }

    /** The linear layers (dense and convolution weights), in forward order. */
    public List<LinearLayer> layers() {
        if (layers == null) layers = LinearLayer.of(model, params);
        return layers;
    }

    /** Hessian–vector products spent so far. */
    public int hessianProducts() {
        return hessian == null ? 0 : hessian.products();
    }
}
