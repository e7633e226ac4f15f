package org.flatlens.nn.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.ModelSpecJson;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * The ONNX fixtures of {@code scripts/fixtures/make_onnx_fixtures.py}: {@code <name>.onnx} and {@code <name>.json} with
 * the input, PyTorch's float64 logits and the built-in twin's model.json.
 */
public record OnnxFixtures(Path onnx, Tensor input, Tensor logits, ModelSpec builtin) {
    public static OnnxFixtures load(String name) {
        try {
            Path onnx = Path.of(OnnxFixtures.class.getResource("/fixtures/onnx/" + name + ".onnx").toURI());
            JsonNode j = new ObjectMapper().readTree(Files.readString(onnx.resolveSibling(name + ".json")));
            ModelSpec spec = j.get("spec").isNull() ? null : ModelSpecJson.parse(j.get("spec").toString());
            return new OnnxFixtures(onnx, tensor(j, "input"), tensor(j, "logits"), spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Tensor tensor(JsonNode j, String key) {
        JsonNode shape = j.get(key.equals("input") ? "input_shape" : "logits_shape");
        int[] dims = new int[shape.size()];
        for (int i = 0; i < dims.length; i++) dims[i] = shape.get(i).asInt();
        double[] d = new double[j.get(key).size()];
        for (int i = 0; i < d.length; i++) d[i] = j.get(key).get(i).asDouble();
        return new Tensor(Shape.of(dims), d);
    }
}
