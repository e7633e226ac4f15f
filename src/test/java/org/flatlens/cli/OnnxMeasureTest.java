package org.flatlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.flatlens.data.Safetensors;
import org.flatlens.nn.ModelSpecJson;
import org.flatlens.nn.onnx.GraphModel;
import org.flatlens.nn.onnx.OnnxFixtures;
import org.flatlens.testutil.SyntheticMnist;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code flatlens measure --model net.onnx} against {@code --model model.json --weights} of the built-in architecture
 * the graph was exported from, with the same weights: every number of the JSON report (sharpness, compression, bounds)
 * agrees, bit for bit where the arithmetic is the same (LeNet, VGG) and to rounding for the ViT, whose exported
 * attention scale is timm's {@code d ** -0.5}, one ulp away from the built-in's {@code 1 / sqrt(d)} (observed: 2.5e-13).
 */
class OnnxMeasureTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"lenet, '0,1,2,3', 0", "vgg, '0,1,2', 0", "vit, '0,1,2', 1e-11"})
    void measuresEqualTheBuiltIn(String name, String classes, double relTol) throws IOException {
        OnnxFixtures f = OnnxFixtures.load(name);
        Path data = SyntheticMnist.write(tmp.resolve("mnist"), 30, 10, 5);
        Path modelJson = tmp.resolve(name + ".json"), weights = tmp.resolve(name + ".safetensors");
        Files.writeString(modelJson, ModelSpecJson.toJson(f.builtin()));
        Safetensors.write(weights, GraphModel.read(f.onnx()).bundledWeights().orElseThrow().asMap(), Map.of());
        String[] common = {"--dataset", "mnist", "--data-dir", data.toString(), "--classes", classes, "--samples", "6",
            "--probes", "8", "--top-k", "2", "--lanczos-steps", "8"};
        JsonNode builtin = measure(common, "--model", modelJson.toString(), "--weights", weights.toString());
        JsonNode graph = measure(common, "--model", f.onnx().toString());
        assertEquals(builtin.get("model").get("parameters"), graph.get("model").get("parameters"));
        double worst = 0;
        for (String section : new String[] {"loss", "sharpness", "sites", "network", "bounds"}) {
            worst = Math.max(worst, compare(section, builtin.get(section), graph.get(section), relTol));
        }
        System.out.printf("%s: measure report imported vs built-in, worst relative difference %.2e%n", name, worst);
    }

    private JsonNode measure(String[] common, String... model) throws IOException {
        Path json = Files.createTempFile(tmp, "m", ".json");
        String[] args = new String[1 + common.length + model.length + 2];
        args[0] = "measure";
        System.arraycopy(common, 0, args, 1, common.length);
        System.arraycopy(model, 0, args, 1 + common.length, model.length);
        args[args.length - 2] = "--json";
        args[args.length - 1] = json.toString();
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute(args), err.toString());
        return JSON.readTree(json.toFile());
    }

    /** The worst relative difference of two JSON trees of the same layout; fails beyond {@code relTol}. */
    static double compare(String path, JsonNode a, JsonNode b, double relTol) {
        if (a.isNumber()) {
            assertTrue(b.isNumber(), path);
            double x = a.asDouble(), y = b.asDouble();
            double rel = x == y ? 0 : Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
            assertTrue(rel <= relTol, path + ": " + x + " vs " + y);
            return rel;
        }
        assertEquals(a.getNodeType(), b.getNodeType(), path);
        assertEquals(a.size(), b.size(), path);
        double worst = 0;
        if (a.isArray()) {
            for (int i = 0; i < a.size(); i++) worst = Math.max(worst, compare(path + "[" + i + "]", a.get(i), b.get(i), relTol));
        } else if (a.isObject()) {
            for (Iterator<String> it = a.fieldNames(); it.hasNext();) {
                String k = it.next();
                worst = Math.max(worst, compare(path + "." + k, a.get(k), b.get(k), relTol));
            }
        } else {
            assertEquals(a, b, path);
        }
        return worst;
    }
}
