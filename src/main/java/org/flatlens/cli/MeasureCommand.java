package org.flatlens.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.flatlens.analysis.bounds.BoundsReport;
import org.flatlens.analysis.compression.CompressionReport;
import org.flatlens.analysis.sharpness.ChunkPlan;
import org.flatlens.analysis.sharpness.HessianSpectrum;
import org.flatlens.analysis.sharpness.HessianTrace;
import org.flatlens.analysis.sharpness.SharpnessOptions;
import org.flatlens.data.Dataset;
import org.flatlens.data.Split;
import org.flatlens.experiments.measures.Measure;
import org.flatlens.experiments.measures.MeasureContext;
import org.flatlens.experiments.measures.MeasureEngine;
import org.flatlens.experiments.measures.MeasureOptions;
import org.flatlens.experiments.measures.MeasureRegistry;
import org.flatlens.experiments.measures.MeasureResults;
import org.flatlens.experiments.measures.MeasureSeeds;
import org.flatlens.experiments.measures.Measures;
import org.flatlens.experiments.measures.OutputKeys;
import org.flatlens.nn.KeyMap;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.OutputSubset;
import org.flatlens.tensor.HeapCheck;
import org.flatlens.tensor.UserInputException;
import org.flatlens.train.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flatlens measure}: the sharpness measures of a trained model on a fixed set of samples (THEORY.md §2). */
@Command(name = "measure", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure the sharpness of a trained model on a set of samples: Tr(H) (Hutch++ or Hutchinson, "
                + "or exact), Tr(G) and per-layer S_l, lambda_max and the top eigenvalues (Lanczos), relative flatness "
                + "per linear layer, the adaptive trace Tr(DHD) and average sharpness; the compression measures and every bound. "
                + "Prints tables, and with --json also writes the JSON report.",
                "Example: flatlens measure --run runs/x --dataset fashion-mnist --classes 0,1 --samples 20 "
                + "--json runs/x/measure.json"})
public final class MeasureCommand implements Callable<Integer> {
    /** Exit code when a theorem of THEORY.md §5 fails beyond its slack: a bug, reported loudly. */
    static final int EXIT_THEOREM_FAILED = 4;

    @Spec CommandSpec spec;

    private final MeasureRegistry registry;

    public MeasureCommand() {
        this(MeasureRegistry.standard());
    }

    /** With another registry (a test's extra measure): every measure in it is computed and written. */
    MeasureCommand(MeasureRegistry registry) {
        this.registry = registry;
    }

    @Option(names = "--run", paramLabel = "DIR", description = "A run folder (model.json and the checkpoint that "
            + "state.json names).")
    Path run;

    @Option(names = "--model", paramLabel = "FILE", description = "model.json with --weights, or an ONNX graph "
            + "(.onnx; its own weights unless --weights is given), instead of --run.")
    Path modelJson;

    @Option(names = "--weights", paramLabel = "FILE", description = "The weights (with --model): a safetensors file, "
            + "or a torch.save checkpoint (zip format) holding a state_dict, or a list, tuple or dict whose first "
            + "state_dict is the model's.")
    Path weights;

    @Option(names = "--key-map", paramLabel = "FROM=TO|sharpdim", description = "Rename the weights' keys, "
            + "repeatable, applied in order: FROM is a Java regular expression, TO its replacement ($1 for a group); "
            + "the preset sharpdim maps the paper code's keys (net.1, net.4, ... onto the mlp's 0, 2, ...).")
    List<String> keyMap = new ArrayList<>();

    @Mixin DataSelection data;

    @Option(names = "--outputs", paramLabel = "O,..|C:O,..", description = "Measure the network restricted to these "
            + "outputs (before the loss): output O_j scores the j-th class of --classes, e.g. --classes 0,1 "
            + "--outputs 0,1 for a 10-output model trained on 2 classes; or the map C:O,... (sets --classes). "
            + "Default: all outputs.")
    String outputs;

    @Mixin CompressionChoice compression;

    @Option(names = "--split", paramLabel = "train|test", description = "Split (default: ${DEFAULT-VALUE}).")
    String split = "train";

    @Option(names = "--samples", paramLabel = "N", description = "Use the first N samples of the (class-subset) split "
            + "(default: the first " + SampleSelection.DEFAULT_SAMPLES + ").")
    Integer samples;

    @Option(names = "--indices", paramLabel = "FILE", description = "Use the samples at these positions of the "
            + "original split file: one per line, or a JSON array.")
    Path indices;

    @Option(names = "--loss", paramLabel = "mse|ce", description = "Loss (default: the run's training loss, else mse).")
    String loss;

    @Option(names = "--probes", paramLabel = "M", description = "Hessian-vector products per stochastic trace "
            + "(default: ${DEFAULT-VALUE}).")
    int probes = 100;

    /** Default of {@code --flatness-probes}: see its description and README "Measuring sharpness, compression and the bounds". */
    static final int DEFAULT_FLATNESS_PROBES = 10;

    @Option(names = "--flatness-probes", paramLabel = "M", description = "Hessian-vector products of relative "
            + "flatness per linear layer; its standard error is printed beside it, and its exact Gauss-Newton form "
            + "beside that (default: ${DEFAULT-VALUE}; it used to be --probes, and 100 products on each linear layer "
            + "made it the slowest measure by far; --flatness-probes 100 restores that).")
    int flatnessProbes = DEFAULT_FLATNESS_PROBES;

    @Option(names = "--estimator", paramLabel = "hutch++|hutchinson", description = "Estimator of Tr(H) "
            + "(default: ${DEFAULT-VALUE}).")
    String estimator = "hutch++";

    @Option(names = "--exact", description = "Compute Tr(H), relative flatness and Tr(DHD) exactly, one "
            + "Hessian-vector product per parameter each (small models only).")
    boolean exact;

    @Option(names = "--top-k", paramLabel = "K", description = "Top eigenvalues to report (default: ${DEFAULT-VALUE}).")
    int topK = 5;

    @Option(names = "--lanczos-steps", paramLabel = "S", description = "Lanczos steps (default: max(30, 2K)).")
    Integer lanczosSteps;

    @Option(names = "--density", description = "Also estimate the spectral density by stochastic Lanczos quadrature.")
    boolean density;

    @Option(names = "--density-starts", paramLabel = "N",
            description = "SLQ start vectors (default: ${DEFAULT-VALUE}).")
    int densityStarts = 4;

    @Option(names = "--rho", paramLabel = "ρ", description = "Perturbation scale of avg_sharpness "
            + "(default: ${DEFAULT-VALUE}).")
    double rho = 0.01;

    @Option(names = "--avg-mode", paramLabel = "adaptive|isotropic", description = "avg_sharpness perturbation: "
            + "ρ|θ|⊙ξ or ρξ, ξ ~ N(0, I) (default: ${DEFAULT-VALUE}).")
    String avgMode = "adaptive";

    @Option(names = "--avg-samples", paramLabel = "N", description = "Antithetic pairs for avg_sharpness "
            + "(default: the number of probes).")
    Integer avgSamples;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of all probes and perturbations; each "
            + "measure draws its own stream from (seed, measure name), so its numbers do not depend on the others "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--chunk-memory", paramLabel = "MB", description = "Memory budget for the graphs of the "
            + "Hessian-vector products and the Jacobians: what does not fit is recomputed, so a smaller budget costs "
            + "time, never digits (default: three quarters of the Java heap on the scale of the printed estimate, "
            + "which is about three times the real size).")
    Long chunkMemoryMb;

    @Option(names = "--json", paramLabel = "OUT", description = "Also write the JSON report to OUT (default: only the "
            + "tables on standard output).")
    Path json;

    @Override
    public Integer call() {
        if (json != null) JsonReport.checkWritable(json);
        ModelWeights mw = loadModel();
        for (String note : mw.notes()) spec.commandLine().getErr().printf("note: %s%n", note);
        if (outputs != null) {
            OutputChoice choice = OutputChoice.parse(outputs, data.classes());
            if (choice.classes() != null) data.classes = choice.classes();
            mw = new ModelWeights(OutputSubset.of(mw.model(), choice.outputs()), mw.params(), mw.source(), mw.notes());
        }
        Split s = Split.parse(split);
        Dataset selected = SampleSelection.select(data.load(s), samples, indices);
        int outputs = mw.model().spec().numOutputs();
        if (selected.numClasses() != outputs) {
            throw new UserInputException("the data has " + selected.numClasses() + " classes but the model "
                    + outputs + " outputs; choose the classes with --classes"
                    + (this.outputs == null ? " and, for a model with more outputs than classes, the outputs that "
                    + "score them with --outputs" : " and as many --outputs"));
        }
        compression.paperCode(); // an unknown --conventions fails before the work starts
        LossKind lossKind = lossKind();
        SharpnessOptions options = options();
        checkFits(mw, options);
        mw.checkOutputsFinite(selected, lossKind);
        long budget = chunkMemoryMb != null ? positiveMb(chunkMemoryMb) : ChunkPlan.defaultBudgetBytes();
        ChunkPlan plan = ChunkPlan.forBudget(mw.model(), mw.params(), selected.size(), budget);
        MeasureContext ctx = new MeasureContext(mw.model(), mw.params(), lossKind, selected,
                new MeasureOptions(options, compression.options(budget), budget),
                new MeasureSeeds(seed, MeasureSeeds.MEASURE, 0));
        PrintWriter err = spec.commandLine().getErr();
        err.printf("measuring %s (%,d parameters) on %s of %s: %d samples, %s loss; %d block(s) of ≤ %d samples, "
                + "%d kept between products (budget %d MB, ~%.2f MB per sample)%n", mw.model().spec().arch(),
                mw.params().count(), SampleSelection.describe(samples, indices), selected.name(), selected.size(),
                lossKind.key(), ctx.hessian().numBlocks(), plan.blockSize(), ctx.hessian().keptBlocks(),
                budget >> 20, plan.bytesPerSample() / 1e6);
        StageLog log = new StageLog(err);
        List<Measure> wanted = registry.select(m -> density || !m.name().equals(Measures.SPECTRAL_DENSITY));
        MeasureResults result = MeasureEngine.compute(wanted, ctx, log);
        log.finish(ctx.hessianProducts());
        CompressionReport comp = ctx.compression();
        BoundsReport bounds = compression.select(comp);
        JsonReport report = new JsonReport();
        report.put(OutputKeys.SCHEMA_VERSION_KEY,
                JsonReport.JSON.getNodeFactory().numberNode(OutputKeys.SCHEMA_VERSION));
        SharpnessJson.model(report, mw.model(), mw.params());
        SharpnessJson.data(report, data.name().id(), s.id(), selected);
        SharpnessJson.loss(report, lossKind, result.get(Measures.LOSS).value());
        SharpnessJson.sharpness(report, result);
        CompressionJson.sites(report, comp);
        CompressionJson.network(report, comp, compression.paperCode());
        CompressionJson.bounds(report, bounds);
        MeasuresJson.write(report, registry, result);
        if (json != null) report.write(json);
        MeasureTable.print(spec.commandLine().getOut(), mw, selected, lossKind, result, ctx.layers());
        CompressionTable.print(spec.commandLine().getOut(), comp, bounds);
        if (json != null) spec.commandLine().getOut().printf("wrote %s%n", json);
        if (!bounds.allTheoremsHold()) {
            // Every theorem of THEORY.md §5 is exact: a failure beyond floating-point slack is a bug, never silent.
            for (var f : bounds.failedTheorems()) {
                err.printf("flatlens: error: theorem %s at %s does not hold: lhs %s > rhs %s (ratio %s)%n", f.name(),
                        f.site(), f.lhs(), f.rhs(), f.ratio());
            }
            return EXIT_THEOREM_FAILED;
        }
        return 0;
    }

    private ModelWeights loadModel() {
        if (run != null) {
            if (modelJson != null || weights != null) {
                throw new UserInputException("give --run, or --model with --weights, not both");
            }
            if (!keyMap.isEmpty()) throw new UserInputException("--key-map goes with --weights, not --run");
            return ModelWeights.fromRun(run);
        }
        if (modelJson == null || weights == null && !ModelWeights.isOnnx(modelJson)) {
            throw new UserInputException("say which model to measure: --run DIR, --model model.json "
                    + "--weights model.safetensors, or --model net.onnx");
        }
        return ModelWeights.fromFiles(modelJson, weights, KeyMap.parse(keyMap));
    }

    /** {@code --loss}, else the run's training loss, else mse. */
    private LossKind lossKind() {
        if (loss != null) return LossKind.parse(loss);
        if (run != null) {
            return new RunDirectory(run).readConfig().map(c -> c.loss()).orElse(LossKind.MSE);
        }
        return LossKind.MSE;
    }

    private SharpnessOptions options() {
        HessianTrace.Method method = exact ? HessianTrace.Method.EXACT : HessianTrace.Method.parse(estimator);
        if (method == HessianTrace.Method.EXACT && !exact) {
            throw new UserInputException("use --exact for the exact trace");
        }
        boolean adaptive = switch (avgMode.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "adaptive" -> true;
            case "isotropic" -> false;
            default -> throw new UserInputException("unknown --avg-mode '" + avgMode
                    + "' (expected adaptive or isotropic)");
        };
        int steps = lanczosSteps != null ? lanczosSteps : Math.max(30, 2 * topK);
        return new SharpnessOptions(probes, method, topK, steps, HessianSpectrum.DEFAULT_REL_TOL, density,
                densityStarts, rho, adaptive, avgSamples != null ? avgSamples : probes, flatnessProbes);
    }

    /** Rejects, before any computation, a --top-k the model cannot have and work the heap cannot hold. */
    private static void checkFits(ModelWeights mw, SharpnessOptions o) {
        long p = mw.params().count();
        if (o.topK() > p) {
            throw new UserInputException("--top-k " + o.topK() + " is more than the model's " + p + " parameters "
                    + "(eigenvalues of a " + p + "x" + p + " Hessian)");
        }
        // Lanczos keeps one vector of P doubles per step; probes, gradients and their graph take about a dozen more.
        HeapCheck.require(HeapCheck.doubles(p) * (o.lanczosSteps() + 12L), "measuring " + mw.model().spec().arch()
                + " (" + String.format("%,d", p) + " parameters, " + o.lanczosSteps() + " Lanczos vectors)");
    }

    private static long positiveMb(long mb) {
        if (mb < 1) throw new UserInputException("--chunk-memory must be at least 1 MB, got " + mb);
        return mb << 20;
    }

    /** Progress on standard error: each measure as it starts, with the time the previous one took. */
    private static final class StageLog implements MeasureEngine.Listener {
        private final PrintWriter err;
        private final long start = System.nanoTime();
        private long last = start;
        private String previous;

        StageLog(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void starting(String measure, long products) {
            long now = System.nanoTime();
            if (previous != null) err.printf("  %s done in %.1f s%n", previous, (now - last) * 1e-9);
            err.printf("%s%s%n", measure, products > 0 ? " (" + products + " Hessian-vector products)" : "");
            err.flush();
            previous = measure;
            last = now;
        }

        void finish(int products) {
            long now = System.nanoTime();
            err.printf("  %s done in %.1f s; total %.1f s, %d Hessian-vector products%n", previous, (now - last) * 1e-9,
                    (now - start) * 1e-9, products);
            err.flush();
        }
    }
}
