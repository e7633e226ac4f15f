package org.flatlens.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.analysis.compression.CompressionAnalysis;
import org.flatlens.analysis.compression.CompressionOptions;
import org.flatlens.autodiff.Autodiff;
import org.flatlens.autodiff.Var;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Losses;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpecJson;
import org.flatlens.nn.Models;
import org.flatlens.nn.Parameters;
import org.flatlens.nn.onnx.GraphModel;
import org.flatlens.tensor.Tensor;

/**
 * An imported ONNX graph against the built-in architecture it was exported from, with the same weights: the time of a
 * training step (forward, MSE, backward; batch 64) and of the compression analysis (per-sample Jacobians, every site
 * measure; 16 samples), as the median over rounds that alternate the two models, and the ratio graph / built-in
 * (issue 17's target: at most 1.2).
 *
 * <p>Arguments: ONNX fixtures {@code <dir>/<name>.onnx} whose {@code <name>.json} holds the built-in spec under
 * {@code "spec"} (as {@code scripts/fixtures/make_onnx_fixtures.py} writes them), e.g.
 * {@code src/test/resources/fixtures/onnx/lenet.onnx}.
 */
public final class OnnxOverheadBench {
    private static final int ROUNDS = 15;

    private OnnxOverheadBench() {}

    public static void main(String[] args) throws IOException {
        System.out.printf("%-8s %-9s %12s %12s %8s%n", "model", "workload", "built-in ms", "graph ms", "ratio");
        for (String a : args) {
            Path onnx = Path.of(a);
            GraphModel graph = GraphModel.read(onnx);
            String spec = spec(onnx);
            if (spec == null) {
                System.out.printf("%-8s (no built-in twin)%n", onnx.getFileName());
                continue;
            }
            Model builtin = Models.build(ModelSpecJson.parse(spec));
            Parameters weights = graph.bundledWeights().orElseThrow();
            Map<String, Tensor> ordered = new LinkedHashMap<>();
            for (String n : builtin.parameterShapes().keySet()) ordered.put(n, weights.get(n));
            Parameters params = new Parameters(ordered);
            String name = onnx.getFileName().toString().replace(".onnx", "");
            int[] in = builtin.spec().inputShape();
            SplittableRandom rng = new SplittableRandom(3);
            Tensor batch = Tensor.uniform(rng, 0, 1, 64, in[0], in[1], in[2]);
            Tensor few = Tensor.uniform(rng, 0, 1, 16, in[0], in[1], in[2]);
            Tensor y = Tensor.zeros(64, builtin.spec().numOutputs());
            for (int i = 0; i < 64; i++) y.set(1.0, i, i % builtin.spec().numOutputs());
            compare(name, "train", () -> step(builtin, params, batch, y), () -> step(graph, params, batch, y), 5);
            compare(name, "measure", () -> measure(builtin, params, few), () -> measure(graph, params, few), 1);
        }
    }

    /** The built-in twin's model.json text from the fixture's sidecar, or null when it has none. */
    private static String spec(Path onnx) {
        try {
            Path json = onnx.resolveSibling(onnx.getFileName().toString().replace(".onnx", ".json"));
            com.fasterxml.jackson.databind.JsonNode spec = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(Files.readString(json)).get("spec");
            return spec == null || spec.isNull() ? null : spec.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void step(Model m, Parameters params, Tensor x, Tensor y) {
        Map<String, Var> p = params.vars(true);
        Var loss = Losses.mse(m.forward(p, Var.constant(x), null), y);
        Autodiff.gradValues(loss, new ArrayList<>(p.values()));
    }

    private static void measure(Model m, Parameters params, Tensor x) {
        CompressionAnalysis.run(m, params, x, LossKind.MSE, CompressionOptions.defaults(), new SplittableRandom(1));
    }

    /** Warms both up, then alternates: per round {@code calls} calls of each, in swapped order every other round. */
    private static void compare(String name, String workload, Runnable builtin, Runnable graph, int calls) {
        Timing.measure(3, 1, 1, builtin);
        Timing.measure(3, 1, 1, graph);
        double[] a = new double[ROUNDS], b = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            boolean graphFirst = r % 2 == 1;
            if (graphFirst) b[r] = time(graph, calls);
            a[r] = time(builtin, calls);
            if (!graphFirst) b[r] = time(graph, calls);
        }
        double ma = median(a), mb = median(b);
        System.out.printf("%-8s %-9s %12.3f %12.3f %8.3f%n", name, workload, ma * 1e3, mb * 1e3, mb / ma);
    }

    private static double time(Runnable r, int calls) {
        long t = System.nanoTime();
        for (int i = 0; i < calls; i++) r.run();
        return (System.nanoTime() - t) * 1e-9 / calls;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
