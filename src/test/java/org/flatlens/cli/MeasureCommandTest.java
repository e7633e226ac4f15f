package org.flatlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.data.DatasetLoader;
import org.flatlens.data.DatasetName;
import org.flatlens.data.Safetensors;
import org.flatlens.data.Split;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.ModelSpec;
import org.flatlens.tensor.Tensor;
import org.flatlens.train.RunDirectory;
import org.flatlens.train.TrainConfig;
import org.flatlens.train.TrainListener;
import org.flatlens.train.Trainer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code flatlens measure} end to end: a small MNIST-format data folder, a run trained into a folder by the Trainer,
 * the JSON report's keys and sample indices, and one-line errors for bad weights and options.
 */
class MeasureCommandTest {
    private static final int TRAIN = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path dataDir, runDir;
    private final StringWriter out = new StringWriter(), err = new StringWriter();

    @BeforeEach
    void makeDataAndRun() throws IOException {
        dataDir = tmp.resolve("mnist");
        Files.createDirectories(dataDir);
        int[] labels = new int[TRAIN];
        for (int i = 0; i < TRAIN; i++) labels[i] = (i * 7) % 10;
        Files.write(dataDir.resolve("train-images-idx3-ubyte"), images(TRAIN));
        Files.write(dataDir.resolve("train-labels-idx1-ubyte"), labelFile(labels));
        Files.write(dataDir.resolve("t10k-images-idx3-ubyte"), images(10));
        Files.write(dataDir.resolve("t10k-labels-idx1-ubyte"), labelFile(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
        var train = DatasetLoader.load(DatasetName.MNIST, Split.TRAIN, dataDir).classSubset(0, 1);
        var test = DatasetLoader.load(DatasetName.MNIST, Split.TEST, dataDir).classSubset(0, 1);
        ModelSpec spec = new ModelSpec("mlp", Map.of("widths", List.of(2)), new int[] {1, 28, 28}, 2);
        TrainConfig cfg = new TrainConfig(spec, "mnist", new int[] {0, 1}, 0, 0, LossKind.MSE, 0.05, 0, 0, 4, 10, 1,
                10, 10);
        runDir = tmp.resolve("run");
        new Trainer(cfg, train, test, new RunDirectory(runDir), TrainListener.NONE).run();
    }

    @Test
    void writesTheReportWithExactlyTheDocumentedKeys() throws IOException {
        Path json = tmp.resolve("m.json");
        int code = run("measure", "--run", runDir.toString(), "--dataset", "mnist", "--data-dir", dataDir.toString(),
                "--classes", "0,1", "--samples", "5", "--probes", "6", "--top-k", "2", "--lanczos-steps", "6",
                "--density", "--json", json.toString());
        assertEquals(0, code, err.toString());
        JsonNode r = JSON.readTree(json.toFile());
        assertEquals(List.of("schema_version", "model", "data", "loss", "sharpness", "sites", "network", "bounds",
                "measures"), keys(r));
        assertEquals(org.flatlens.experiments.measures.OutputKeys.SCHEMA_VERSION, r.get("schema_version").asInt());
        assertEquals(List.of("arch", "parameters"), keys(r.get("model")));
        assertEquals(784 * 2 + 2 + 2 * 2 + 2, r.get("model").get("parameters").asInt());
        assertEquals(List.of("dataset", "split", "classes", "n", "indices"), keys(r.get("data")));
        assertEquals("[0,1]", r.get("data").get("classes").toString());
        assertEquals(5, r.get("data").get("n").asInt());
        // Labels are (7i mod 10): classes 0 and 1 sit at original positions 0, 3, 10, 13, 20, ...
        assertEquals("[0,3,10,13,20]", r.get("data").get("indices").toString());
        JsonNode s = r.get("sharpness");
        assertEquals(List.of("trace_hessian", "trace_ggn", "sharpness", "trace_ggn_layers", "lambda_max",
                "top_eigenvalues", "top_eigenvalues_residuals", "top_eigenvalues_converged", "relative_flatness",
                "adaptive_trace", "avg_sharpness", "spectral_density"), keys(s));
        assertEquals(2, s.get("top_eigenvalues_residuals").size());
        assertTrue(s.get("top_eigenvalues_converged").get(0).isBoolean());
        assertEquals(List.of("mean", "stderr", "probes", "estimator"), keys(s.get("trace_hessian")));
        assertEquals("hutch++", s.get("trace_hessian").get("estimator").asText());
        assertEquals(List.of("0.weight", "2.weight"), keys(s.get("trace_ggn_layers")));
        assertEquals(List.of("0", "2"), keys(s.get("relative_flatness")));
        assertEquals(List.of("ggn", "hessian"), keys(s.get("relative_flatness").get("0")));
        assertEquals(List.of("mean", "stderr"), keys(s.get("relative_flatness").get("0").get("hessian")));
        assertEquals(List.of("mean", "stderr"), keys(s.get("adaptive_trace")));
        assertEquals(List.of("mean", "stderr", "rho", "adaptive"), keys(s.get("avg_sharpness")));
        assertEquals(2, s.get("top_eigenvalues").size());
        assertEquals(s.get("lambda_max").asDouble(), s.get("top_eigenvalues").get(0).asDouble());
        assertEquals(Math.sqrt(s.get("trace_ggn").asDouble()), s.get("sharpness").asDouble(), 1e-12);
        assertEquals(List.of("kind", "value"), keys(r.get("loss")));
        assertTrue(out.toString().contains("trace_hessian") && out.toString().contains("lambda_max"), out.toString());
        // Issue 5's sections: the sites in forward order (the first is the input), the network sums, every bound.
        JsonNode sites = r.get("sites");
        assertEquals(2, sites.size());
        assertEquals("input", sites.get(0).get("name").asText());
        assertEquals("input", sites.get(0).get("kind").asText());
        assertEquals("2", sites.get(1).get("name").asText());
        for (String k : List.of("name", "layer", "kind", "dim", "mls", "log_volume", "local_dim", "local_dim_mc",
                "jacobian_energy", "rel_mls", "norm", "weight_spectral_norm")) {
            assertTrue(sites.get(0).has(k), "site key " + k);
        }
        assertEquals(List.of("am", "gm", "stderr", "n"), keys(sites.get(0).get("mls")));
        assertEquals(List.of("am", "gm", "inv_sq_mean", "min", "stderr", "n"), keys(sites.get(0).get("norm")));
        assertEquals(784, sites.get(0).get("dim").asInt());
        assertTrue(keys(r.get("network")).containsAll(List.of("nmls", "nvr", "harm")));
        // The site GGN equals the sharpness section's S_l: both come from the same batched pass.
        assertEquals(s.get("trace_ggn_layers").get("0.weight").asDouble(),
                sites.get(0).get("trace_ggn_layer").asDouble(), 0.0);
        JsonNode bounds = r.get("bounds");
        assertTrue(bounds.size() > 10, bounds.toString());
        for (JsonNode b : bounds) {
            assertEquals(List.of("name", "site", "lhs", "rhs", "ratio", "holds", "kind"), keys(b));
            assertTrue(b.get("holds").asBoolean(), b.toString());
            assertEquals("theorem", b.get("kind").asText(), "an MLP has no heuristic or vacuous bound: " + b);
        }
        assertTrue(out.toString().contains("theorem3"), "the table lists the bounds");
    }

    @Test
    void withoutSamplesOrJsonItAnalysesTheDefaultSampleCountAndPrintsTheTablesOnly() throws IOException {
        int code = run("measure", "--run", runDir.toString(), "--dataset", "mnist", "--data-dir", dataDir.toString(),
                "--classes", "0,1", "--probes", "6", "--top-k", "1", "--lanczos-steps", "3", "--mc-draws", "0");
        assertEquals(0, code, err.toString());
        // The class subset has fewer samples than the default, so all of them; the first line says it was a default.
        assertTrue(err.toString().contains("the first " + SampleSelection.DEFAULT_SAMPLES + " samples (the default; "
                + "choose with --samples N or --indices FILE)"), err.toString());
        assertTrue(out.toString().contains("trace_hessian"), out.toString());
        assertFalse(out.toString().contains("wrote "), out.toString());
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".json")), "no JSON written without --json");
        }
    }

    @Test
    void exactModeAndIndicesFile() throws IOException {
        Path idx = Files.writeString(tmp.resolve("idx.txt"), "# chosen samples\n13\n0\n\n23  # a comment\n");
        Path json = tmp.resolve("e.json");
        int code = run("measure", "--model", runDir.resolve("model.json").toString(), "--weights",
                new RunDirectory(runDir).checkpointWeights().toString(), "--dataset", "mnist", "--data-dir",
                dataDir.toString(), "--classes", "0,1", "--indices", idx.toString(), "--exact", "--probes", "6",
                "--top-k", "1", "--json", json.toString());
        assertEquals(0, code, err.toString());
        JsonNode r = JSON.readTree(json.toFile());
        assertEquals("[13,0,23]", r.get("data").get("indices").toString());
        JsonNode t = r.get("sharpness").get("trace_hessian");
        assertEquals("exact", t.get("estimator").asText());
        assertEquals(0.0, t.get("stderr").asDouble());
        assertEquals(784 * 2 + 2 + 2 * 2 + 2, t.get("probes").asInt());

        Files.writeString(idx, "[13, 0]");
        assertEquals(0, run("measure", "--run", runDir.toString(), "--dataset", "mnist", "--data-dir",
                dataDir.toString(), "--classes", "0,1", "--indices", idx.toString(), "--probes", "6", "--top-k", "1",
                "--lanczos-steps", "3", "--json", json.toString()), err.toString());
        assertEquals("[13,0]", JSON.readTree(json.toFile()).get("data").get("indices").toString());
    }

    @Test
    void badWeightsAndOptionsEndInOneLine() throws IOException {
        Path weights = new RunDirectory(runDir).checkpointWeights();
        Map<String, Tensor> t = new LinkedHashMap<>(Safetensors.read(weights).tensors());
        Path model = runDir.resolve("model.json");
        String[] common = {"--dataset", "mnist", "--data-dir", dataDir.toString(), "--classes", "0,1", "--samples",
            "3", "--probes", "6", "--json", tmp.resolve("x.json").toString()};

        Map<String, Tensor> renamed = new LinkedHashMap<>(t);
        renamed.put("0.weights", renamed.remove("0.weight"));
        expectError("missing tensors '0.weight'; unexpected tensors '0.weights'", model, write("renamed", renamed),
                common);

        Map<String, Tensor> nan = new LinkedHashMap<>(t);
        Tensor w = nan.get("2.weight").copy();
        w.data()[1] = Double.NaN;
        nan.put("2.weight", w);
        expectError("tensor '2.weight' has 1 non-finite value", model, write("nan", nan), common);

        Map<String, Tensor> shape = new LinkedHashMap<>(t);
        shape.put("2.bias", Tensor.zeros(3));
        expectError("tensor '2.bias' has shape [3], the model expects [2]", model, write("shape", shape), common);

        err.getBuffer().setLength(0);
        assertEquals(2, run(concat(new String[] {"measure", "--run", runDir.toString(), "--model", model.toString()},
                common)));
        assertTrue(err.toString().contains("not both"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("measure", "--run", runDir.toString(), "--dataset", "mnist", "--data-dir",
                dataDir.toString(), "--samples", "3", "--json", tmp.resolve("x.json").toString()));
        assertTrue(err.toString().contains("the data has 10 classes but the model 2 outputs"), err.toString());
    }

    @Test
    void nonFiniteNumbersAreStrings() {
        ObjectNode o = JSON.createObjectNode();
        JsonReport.number(o, "a", Double.NaN);
        JsonReport.number(o, "b", Double.POSITIVE_INFINITY);
        JsonReport.number(o, "c", Double.NEGATIVE_INFINITY);
        JsonReport.number(o, "d", 1.5);
        assertEquals("{\"a\":\"NaN\",\"b\":\"Infinity\",\"c\":\"-Infinity\",\"d\":1.5}", o.toString());
        assertEquals("[\"NaN\",2.0]", JsonReport.numbers(Double.NaN, 2.0).toString());
    }

    private void expectError(String message, Path model, Path weights, String[] common) {
        err.getBuffer().setLength(0);
        int code = run(concat(new String[] {"measure", "--model", model.toString(), "--weights", weights.toString()},
                common));
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains(message), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), "one line: " + err);
    }

    private Path write(String name, Map<String, Tensor> tensors) {
        Path p = tmp.resolve(name + ".safetensors");
        Safetensors.write(p, tensors, Map.of());
        return p;
    }

    @Test
    void aRegisteredMeasureIsInMeasureJsonWithItsUncertainty() throws IOException {
        Path json = tmp.resolve("toy.json");
        CommandLine cl = new CommandLine(new MeasureCommand(NewMeasureEndToEndTest.REGISTRY));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("--run", runDir.toString(), "--dataset", "mnist", "--data-dir", dataDir.toString(),
                "--classes", "0,1", "--samples", "4", "--probes", "6", "--top-k", "1", "--lanczos-steps", "6",
                "--json", json.toString()), err.toString());
        JsonNode r = JSON.readTree(json.toFile());
        JsonNode toy = r.get("measures").get("toy_norm");
        assertEquals(List.of("kind", "unit", "value", "stderr", "n", "diagnostics"), keys(toy));
        assertEquals("sharpness", toy.get("kind").asText());
        assertEquals(0.25, toy.get("stderr").asDouble());
        assertEquals(7, toy.get("n").asInt());
        assertTrue(toy.get("diagnostics").get("converged").asBoolean());
        assertTrue(toy.get("value").asDouble() > 0);
        // The standard measures share the schema: trace_hessian with its probes, lambda_max with its residual.
        JsonNode th = r.get("measures").get("trace_hessian");
        assertEquals(6, th.get("n").asInt());
        assertEquals("hutch++", th.get("diagnostics").get("estimator").asText());
        assertTrue(r.get("measures").get("lambda_max").get("diagnostics").has("residual"));
        assertEquals(r.get("sharpness").get("lambda_max").asDouble(),
                r.get("measures").get("lambda_max").get("value").asDouble());
    }

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static List<String> keys(JsonNode n) {
        List<String> k = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) k.add(it.next());
        return k;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] images(int n) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * 784).putInt(0x00000803).putInt(n).putInt(28).putInt(28);
        for (int i = 0; i < n; i++) for (int j = 0; j < 784; j++) b.put((byte) ((i * 31 + j * 17 + (j * j) % 7) % 256));
        return b.array();
    }

    private static byte[] labelFile(int[] labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length).putInt(0x00000801).putInt(labels.length);
        for (int l : labels) b.put((byte) l);
        return b.array();
    }
}
