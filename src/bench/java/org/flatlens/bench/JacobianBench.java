package org.flatlens.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.analysis.bounds.Bounds;
import org.flatlens.analysis.bounds.BoundsReport;
import org.flatlens.analysis.compression.CompressionAnalysis;
import org.flatlens.analysis.compression.CompressionOptions;
import org.flatlens.analysis.compression.CompressionReport;
import org.flatlens.analysis.compression.MonteCarloOptions;
import org.flatlens.analysis.jacobians.Ggn;
import org.flatlens.analysis.jacobians.JacobianEngine;
import org.flatlens.analysis.linalg.SmallSvd;
import org.flatlens.autodiff.Autodiff;
import org.flatlens.autodiff.GradMode;
import org.flatlens.autodiff.Var;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.Models;
import org.flatlens.nn.Parameters;
import org.flatlens.nn.Site;
import org.flatlens.nn.SiteRecorder;
import org.flatlens.tensor.Tensor;

/**
 * The cost of all compression measures and {@code trace_ggn} on the paper's MLP 784-500-500-500-10, LeNet or the
 * default ViT (FlatLens's default options, 1×28×28 inputs, 10 outputs; random weights, U(0,1) inputs), against the
 * paper's way: one backward pass per (sample, output), run here on a subset and extrapolated linearly in the number of
 * samples.
 *
 * <p>Arguments: {@code [mlp|lenet|vit] samples subset loss reps [export.safetensors]}. With an export file the weights,
 * inputs and FlatLens's results are written there ({@link CompressionExport}) for
 * {@code scripts/bench/compression_bench.py}, which times the same computation in PyTorch and checks it agrees.
 */
public final class JacobianBench {
    /** Seconds for the batched path, for the per-(sample, output) path on {@code subset} samples, and the ratio. */
    public record Result(int samples, int chunkSize, Timing compression, Timing ggnOnly,
            Timing withMonteCarlo, int subset, Timing perSampleSubset, double compressionCpu,
            double perSampleSubsetCpu) {
        public double perSampleExtrapolated() {
            return perSampleSubset.medianSeconds() * samples / subset;
        }

        public double speedup() {
            return perSampleExtrapolated() / compression.medianSeconds();
        }

        /** The same ratio in process CPU seconds, which a machine shared with other jobs disturbs less. */
        public double cpuSpeedup() {
            return perSampleSubsetCpu * samples / subset / compressionCpu;
        }
    }

    /** Gaussian-ball draws per sample for the timing with Monte Carlo. */
    static final int MC_DRAWS = 32;

    private JacobianBench() {}

    /** The benchmark's model: FlatLens's defaults for {@code arch} on 1×28×28 inputs with 10 outputs. */
    static ModelSpec spec(String arch) {
        return new ModelSpec(arch, Map.of(), new int[] {1, 28, 28}, 10);
    }

    public static Result run(int samples, int subset, LossKind loss, int reps) {
        return run(spec("mlp"), samples, subset, loss, reps, null);
    }

    /** @param export where to write weights, inputs and results for the PyTorch script, or null */
    public static Result run(ModelSpec spec, int samples, int subset, LossKind loss, int reps, Path export) {
        SplittableRandom rng = new SplittableRandom(1);
        Model model = Models.build(spec);
        Parameters params = model.init(rng);
        Tensor x = Tensor.uniform(rng, 0, 1, samples, 1, 28, 28);
        CompressionOptions opt = CompressionOptions.defaults();
        int chunk = new JacobianEngine(model, params, loss).chunkSize(opt.memoryBudgetBytes());
        if (export != null) {
            CompressionReport r = CompressionAnalysis.run(model, params, x, loss, opt, new SplittableRandom(2));
            CompressionExport.write(export, spec, params, x, r, Bounds.evaluate(r));
        }
        Timing all = Timing.measure(1, reps, 1, () -> {
            CompressionReport r = CompressionAnalysis.run(model, params, x, loss, opt, new SplittableRandom(2));
            BoundsReport b = Bounds.evaluate(r);
            if (!b.allTheoremsHold()) throw new IllegalStateException("a theorem failed: " + b.failedTheorems());
        });
        Timing ggn = Timing.measure(1, reps, 1, () -> Ggn.compute(model, params, x, loss, chunk));
        CompressionOptions mc = opt.withMonteCarlo(new MonteCarloOptions(1e-3, MC_DRAWS));
        Timing withMc = Timing.measure(0, 1, 1, () -> CompressionAnalysis.run(model, params, x, loss, mc,
                new SplittableRandom(3)));
        Tensor sub = x.slice(0, 0, subset);
        Timing paper = Timing.measure(1, reps, 1, () -> perSampleWay(model, params, sub, loss));
        double allCpu = cpuSeconds(() -> CompressionAnalysis.run(model, params, x, loss, opt, new SplittableRandom(2)));
        double paperCpu = cpuSeconds(() -> perSampleWay(model, params, sub, loss));
        return new Result(samples, chunk, all, ggn, withMc, subset, paper, allCpu, paperCpu);
    }

    /** CPU seconds of the whole process (all threads) spent running {@code body} once. */
    static double cpuSeconds(Runnable body) {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        long before = os.getProcessCpuTime();
        body.run();
        return (os.getProcessCpuTime() - before) * 1e-9;
    }

    /**
     * The paper's way: per sample a forward pass, per output a backward pass with respect to every parameter and every
     * site; then {@code Tr G} from the parameter gradients and each site's singular values from its k Jacobian rows.
     * Returns {@code Tr G} (so the work cannot be skipped).
     */
    static double perSampleWay(Model model, Parameters params, Tensor x, LossKind loss) {
        int n = x.dim(0), k = model.spec().numOutputs();
        double trace = 0;
        for (int i = 0; i < n; i++) {
            Map<String, Var> p = params.vars(true);
            SiteRecorder rec = new SiteRecorder();
            Var f = model.forward(p, Var.constant(x.slice(0, i, i + 1)), rec);
            double[][] r = org.flatlens.analysis.jacobians.OutputFactor.of(loss, f.value().data());
            List<Var> wrt = new ArrayList<>(p.values());
            for (Site s : rec.sites()) wrt.add(s.input());
            double[][][] jac = new double[rec.sites().size()][k][];
            for (int c = 0; c < k; c++) {
                Var g = f.dot(Var.constant(Tensor.of(r[c], 1, k)));
                List<Var> grads = Autodiff.grad(g, wrt, GradMode.NO_GRAPH);
                for (int j = 0; j < p.size(); j++) trace += grads.get(j).value().dot(grads.get(j).value()) / n;
                for (int l = 0; l < jac.length; l++) jac[l][c] = grads.get(p.size() + l).value().data();
            }
            for (double[][] j : jac) SmallSvd.jacobiSingularValues(j);
        }
        return trace;
    }

    public static void main(String[] args) {
        boolean named = args.length > 0 && !args[0].matches("\\d+");
        String arch = named ? args[0] : "mlp";
        String[] a = named ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        int n = a.length > 0 ? Integer.parseInt(a[0]) : 1000;
        int subset = a.length > 1 ? Integer.parseInt(a[1]) : 20;
        LossKind loss = a.length > 2 ? LossKind.parse(a[2]) : LossKind.MSE;
        int reps = a.length > 3 ? Integer.parseInt(a[3]) : 3;
        Path export = a.length > 4 ? Path.of(a[4]) : null;
        ModelSpec spec = spec(arch);
        Result r = run(spec, n, subset, loss, reps, export);
        System.out.printf("%s (FlatLens defaults, 1x28x28, 10 outputs), %d samples, %s, chunk %d, %d threads%n", arch,
                n, loss.key(), r.chunkSize(), org.flatlens.tensor.kernels.Parallel.threads());
        System.out.printf("all compression measures + trace_ggn + bounds: %s%n", r.compression());
        System.out.printf("trace_ggn, layers, relative flatness only:     %s%n", r.ggnOnly());
        System.out.printf("the same with local_dim_mc, mls_mc (%d draws):  %s%n", MC_DRAWS, r.withMonteCarlo());
        System.out.printf("per-(sample, output) backward, Tr G and spectra only, on %d samples: %s%n", subset,
                r.perSampleSubset());
        System.out.printf("  extrapolated to %d samples: %.2f s; batched is %.1fx faster%n", n,
                r.perSampleExtrapolated(), r.speedup());
        System.out.printf("process CPU: batched %.2f s, per-(sample, output) %.2f s on %d samples; ratio %.1fx%n",
                r.compressionCpu(), r.perSampleSubsetCpu(), subset, r.cpuSpeedup());
    }
}
