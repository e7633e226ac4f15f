package org.flatlens.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.analysis.linalg.HutchinsonTrace;
import org.flatlens.analysis.linalg.LanczosResult;
import org.flatlens.analysis.linalg.ParamVector;
import org.flatlens.analysis.linalg.TraceEstimate;
import org.flatlens.analysis.sharpness.DatasetHessian;
import org.flatlens.analysis.sharpness.HessianSpectrum;
import org.flatlens.data.Dataset;
import org.flatlens.data.Safetensors;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.Models;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.kernels.Parallel;
import org.flatlens.tensor.Tensor;

/**
 * Time of the sharpness estimators on the paper's MLP 784-500-500-500-10 (tanh, MSE) on random inputs with random
 * labels: Hutchinson's {@code Tr(H)} with a fixed number of probes and {@code lambda_max} by Lanczos with a fixed
 * number of steps: one Hessian–vector product per probe or step (plus one for the Ritz residual). The same weights,
 * data and first probe can be exported for {@code scripts/bench/sharpness_bench.py}, which times PyTorch's double
 * backward on them; {@code vᵀHv} of that probe is printed by both for a correctness check.
 *
 * <p>Arguments: {@code samples probes lanczosSteps chunk [export.safetensors]}; chunk (the memory budget in samples)
 * = samples keeps the gradient graphs of all blocks across products, a smaller chunk keeps fewer and rebuilds the rest
 * per product (the numbers are the same; the blocks, of {@code ChunkPlan.blockSize()} samples, are fixed).
 */
public final class SharpnessBench {
    private SharpnessBench() {}

    public static void main(String[] args) {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int probes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int chunk = args.length > 3 ? Integer.parseInt(args[3]) : samples;
        SplittableRandom rng = new SplittableRandom(1);
        Model model = Models.build(new ModelSpec("mlp", Map.of(), new int[] {1, 28, 28}, 10));
        Parameters params = model.init(rng);
        Tensor x = Tensor.uniform(rng, 0, 1, samples, 1, 28, 28);
        int[] labels = new int[samples];
        for (int i = 0; i < samples; i++) labels[i] = rng.nextInt(10);
        Dataset data = Dataset.fromTensor("random", x, labels, 10);
        DatasetHessian h = new DatasetHessian(model, params, data, LossKind.MSE, chunk);
        ParamVector probe = ParamVector.rademacherLike(h.template(), new SplittableRandom(2));
        if (args.length > 4) export(Path.of(args[4]), params, x, labels, probe);
        System.out.printf("mlp 784-500-500-500-10, %d parameters, %d samples in %d block(s), %d kept, %d threads%n",
                params.count(), samples, h.numBlocks(), h.keptBlocks(), Parallel.threads());

        long t0 = System.nanoTime();
        double vhv = probe.dot(h.apply(probe));
        double first = (System.nanoTime() - t0) * 1e-9;
        System.out.printf("first product (builds the graph, JIT warm-up): %.3f s, vHv = %.12e%n", first, vhv);
        for (int i = 0; i < 2; i++) h.apply(probe);

        t0 = System.nanoTime();
        TraceEstimate t = HutchinsonTrace.estimate(h, h.template(), new SplittableRandom(3), probes);
        double traceSeconds = (System.nanoTime() - t0) * 1e-9;
        System.out.printf("hutchinson %d probes: %.2f s (%.3f s per product); Tr(H) = %.6g ± %.2g%n", probes,
                traceSeconds, traceSeconds / probes, t.mean(), t.stdErr());

        t0 = System.nanoTime();
        LanczosResult r = HessianSpectrum.topEigenvalues(h, new SplittableRandom(4), 1, steps, 1e-4);
        double lanczosSeconds = (System.nanoTime() - t0) * 1e-9;
        System.out.printf("lanczos %d steps (+1 residual product): %.2f s; lambda_max = %.10g, residual %.2g%n",
                r.steps(), lanczosSeconds, r.lambdaMax(), r.residualNorms()[0]);
    }

    /** Weights under their names, then {@code __x [N, 1, 28, 28]}, {@code __labels [N]}, {@code __probe.<name>}. */
    private static void export(Path file, Parameters params, Tensor x, int[] labels, ParamVector probe) {
        Map<String, Tensor> out = new LinkedHashMap<>(params.asMap());
        out.put("__x", x);
        double[] l = new double[labels.length];
        for (int i = 0; i < l.length; i++) l[i] = labels[i];
        out.put("__labels", Tensor.of(l, l.length));
        for (int i = 0; i < params.names().size(); i++) out.put("__probe." + params.names().get(i), probe.part(i));
        Safetensors.write(file, out, Map.of("bench", "SharpnessBench"));
    }
}
