package org.flatlens.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.flatlens.data.Safetensors;
import org.flatlens.nn.KeyMap;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.ModelSpecJson;
import org.flatlens.nn.Models;
import org.flatlens.nn.Parameters;
import org.flatlens.nn.onnx.GraphModel;
import org.flatlens.nn.onnx.OnnxFixtures;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.SyntheticMnist;
import org.flatlens.train.RunDirectory;
import org.flatlens.data.TorchZips;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The paper code's checkpoint and the new options through the command line ({@link Main#commandLine()}): {@code measure
 * --weights x.pt --key-map sharpdim --outputs --conventions paper}, {@code train --init-from} and its resume rules,
 * and every bad checkpoint or option value as exit code 2 with one line naming the file or option.
 */
class CheckpointCliTest {
    private static final Path PAPER = PaperCheckpointTest.fixture("paper_mlp.pt");

    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter(), out = new StringWriter();
    private Path data, modelJson;

    @BeforeEach
    void files() throws IOException {
        data = SyntheticMnist.write(tmp.resolve("data"), 20, 10, 3);
        modelJson = tmp.resolve("model.json");
        Files.writeString(modelJson, ModelSpecJson.toJson(paperMlp()));
    }

    @Test
    void measuresThePaperCheckpointOnTwoOfItsTenOutputsWithThePaperCodesConventions() throws IOException {
        Path json = tmp.resolve("m.json");
        assertEquals(0, measure(PAPER, "--key-map", "sharpdim", "--classes", "0,1", "--outputs", "0,1",
                "--conventions", "paper", "--json", json.toString()), err.toString());
        assertTrue(err.toString().contains("note: " + PAPER + ": the model's state_dict is item 0 of the saved list"),
                err.toString());
        assertTrue(err.toString().contains("--key-map sharpdim renamed net.1.* → 0.*"), err.toString());
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertEquals(10, r.get("model").get("model_outputs").asInt());
        assertEquals("[0,1]", r.get("model").get("outputs").toString());
        assertTrue(r.toString().contains("harm_paper_code"), "the paper code's harm is reported");
        assertTrue(r.toString().contains("paper_code.bound_d"), "and its bound D");

        // The same without --conventions paper: FlatLens's own forms only.
        Path plain = tmp.resolve("plain.json");
        assertEquals(0, measure(PAPER, "--key-map", "sharpdim", "--outputs", "1:1,0:0", "--json", plain.toString()),
                err.toString());
        JsonNode p = new ObjectMapper().readTree(plain.toFile());
        assertEquals("[1,0]", p.get("model").get("outputs").toString());
        assertFalse(p.toString().contains("paper_code"), "no paper-code keys without --conventions paper");
    }

    @Test
    void badOutputsAndConventionsAreOneLineErrors() {
        assertCleanError(measure(PAPER, "--key-map", "sharpdim", "--classes", "0,1"),
                "the data has 2 classes but the model 10 outputs", "--outputs");
        assertCleanError(measure(PAPER, "--key-map", "sharpdim", "--classes", "0,1", "--outputs", "0,10"),
                "output 10 does not exist");
        assertCleanError(measure(PAPER, "--key-map", "sharpdim", "--classes", "0,1", "--outputs", "0,x"),
                "--outputs expects");
        assertCleanError(measure(PAPER, "--key-map", "sharpdim", "--classes", "0,1", "--outputs", "0,0"),
                "output 0 is listed twice");
        assertCleanError(measure(PAPER, "--key-map", "sharpdim", "--conventions", "pytorch"),
                "unknown --conventions 'pytorch'");
    }

    @Test
    void keysThatDoNotFitAndBadKeyMapsNameTheFileOrOption() {
        assertCleanError(measure(PAPER), PAPER + " does not fit the mlp model", "every key starts with 'net.'");
        assertCleanError(measure(PAPER, "--key-map", "^net\\.="), PAPER + " does not fit the mlp model",
                "add --key-map sharpdim");
        assertCleanError(measure(PAPER, "--key-map", "([="), "--key-map '([=': bad regular expression");
        assertCleanError(measure(PAPER, "--key-map", "nokey"), "--key-map needs FROM=TO");
        assertCleanError(measure(PAPER, "--key-map", "^net\\.\\d+=x"), PAPER + ": --key-map gives");
    }

    @Test
    void badCheckpointsAreOneLineErrorsNamingTheFile() throws IOException {
        Path marker = tmp.resolve("ran");
        Path evil = zip("evil", ("cos\nsystem\n(S'touch " + marker + "'\ntR.").getBytes(StandardCharsets.ISO_8859_1));
        assertCleanError(measure(evil), evil + ": the pickle names the global 'os.system'");
        assertFalse(Files.exists(marker), "loading a pickle never runs code");

        Path none = PaperCheckpointTest.fixture("no_state_dict.pt");
        assertCleanError(measure(none), none + ": holds no state_dict");

        byte[] whole = Files.readAllBytes(PAPER);
        Path cut = tmp.resolve("cut.pt");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        assertCleanError(measure(cut, "--key-map", "sharpdim"), cut + ": ");
        assertCleanError(train(cut, tmp.resolve("run-cut"), 1), cut + ": ");
        assertFalse(Files.exists(tmp.resolve("run-cut")), "a refused start leaves no run folder");
    }

    @Test
    void trainStartsFromTheCheckpointAndResumesOnlyFromTheSameStart() throws IOException {
        Path run = tmp.resolve("run");
        assertEquals(0, train(PAPER, run, 1, "--key-map", "sharpdim"), err.toString());
        Parameters start = ModelWeights.load(Models.build(paperMlp()), PAPER, KeyMap.parse(List.of("sharpdim")),
                new ArrayList<>());
        Parameters after = ModelWeights.fromRun(run).params();
        double moved = 0, size = 0;
        for (String n : start.names()) {
            moved += after.get(n).sub(start.get(n)).norm();
            size += start.get(n).norm();
        }
        assertTrue(moved > 0 && moved < 1e-6 * size, "one tiny step from the checkpoint's weights: " + moved);
        String record = Files.readString(run.resolve("init_from.json"));
        assertTrue(record.contains("\"file\" : \"paper_mlp.pt\"") && record.contains("sharpdim"), record);

        // The same start resumes (and extends) the run.
        assertEquals(0, train(PAPER, run, 2, "--key-map", "sharpdim"), err.toString());
        assertEquals(2, new RunDirectory(run).readState().step());

        // Other weights, or none, are refused.
        Path other = tmp.resolve("other.safetensors");
        Safetensors.write(other, start.asMap(), Map.of());
        assertCleanError(train(other, run, 3), run + " holds a run that started from other weights",
                "not from these --init-from weights");
        assertCleanError(run("train", "--model", modelJson.toString(), "--dataset", "mnist", "--data-dir",
                data.toString(), "--lr", "1e-9", "--batch", "4", "--steps", "3", "--out", run.toString()),
                "not from the seeded initialisation");
        assertCleanError(run("train", "--model", "mlp", "--dataset", "mnist", "--data-dir", data.toString(),
                "--key-map", "sharpdim", "--lr", "0.1", "--batch", "4", "--steps", "1", "--out", tmp.resolve("r2").toString()),
                "--key-map goes with --init-from");
    }

    @Test
    void anOnnxGraphsWeightsLoadAsInitialWeightsOfTheBuiltInModel() {
        OnnxFixtures f = OnnxFixtures.load("mlp");
        Parameters fromOnnx = ModelWeights.load(Models.build(f.builtin()), f.onnx(), KeyMap.identity(),
                new ArrayList<>());
        Parameters bundled = GraphModel.read(f.onnx()).bundledWeights().orElseThrow();
        assertEquals(bundled.names(), fromOnnx.names());
        for (String n : bundled.names()) assertArrayEquals(bundled.get(n).data(), fromOnnx.get(n).data(), 0.0, n);
        Tensor logits = Models.build(f.builtin()).predict(fromOnnx, f.input());
        for (int i = 0; i < logits.size(); i++) assertEquals(f.logits().data()[i], logits.data()[i], 1e-12);
    }

    private static ModelSpec paperMlp() {
        return new ModelSpec("mlp", Map.of("widths", List.of(16, 16, 16)), new int[] {1, 28, 28}, 10);
    }

    private int measure(Path weights, String... more) {
        List<String> a = new ArrayList<>(List.of("measure", "--model", modelJson.toString(), "--weights",
                weights.toString(), "--dataset", "mnist", "--data-dir", data.toString(), "--samples", "4",
                "--probes", "6", "--top-k", "1", "--lanczos-steps", "3"));
        a.addAll(List.of(more));
        return run(a.toArray(String[]::new));
    }

    private int train(Path init, Path runDir, int steps, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--model", modelJson.toString(), "--dataset", "mnist",
                "--data-dir", data.toString(), "--lr", "1e-9", "--batch", "4", "--steps", Integer.toString(steps),
                "--init-from", init.toString(), "--out", runDir.toString()));
        a.addAll(List.of(more));
        return run(a.toArray(String[]::new));
    }

    private int run(String... args) {
        err.getBuffer().setLength(0);
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(out, true));
        return cl.execute(args);
    }

    private void assertCleanError(int code, String... mentions) {
        assertEquals(2, code, err.toString());
        String e = err.toString().strip();
        List<String> lines = e.lines().filter(l -> !l.startsWith("note: ") && !l.startsWith("training ")).toList();
        assertEquals(1, lines.size(), "one line: " + e);
        assertTrue(lines.get(0).startsWith("flatlens: error: "), e);
        assertFalse(e.contains("\tat ") || e.contains("Exception"), "no trace: " + e);
        for (String m : mentions) assertTrue(lines.get(0).contains(m), "'" + m + "' in: " + e);
    }

    private Path zip(String name, byte[] pickle) throws IOException {
        return TorchZips.write(tmp, name, pickle);
    }
}
