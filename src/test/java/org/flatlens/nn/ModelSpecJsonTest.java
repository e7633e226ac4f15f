package org.flatlens.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flatlens.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSpecJsonTest {
    @Test
    void readsEveryField() {
        ModelSpec s = ModelSpecJson.parse("""
                {"arch": "mlp", "input_shape": [1, 28, 28], "num_outputs": 2,
                 "options": {"widths": [500, 500], "activation": "relu", "layer_norm": true}}""");
        assertEquals("mlp", s.arch());
        assertArrayEquals(new int[] {1, 28, 28}, s.inputShape());
        assertEquals(2, s.numOutputs());
        assertEquals(Map.of("widths", List.of(500, 500), "activation", "relu", "layer_norm", true), s.options());
        assertEquals(List.of("1.weight", "1.bias", "4.weight", "4.bias", "7.weight", "7.bias"),
                List.copyOf(Models.build(s).parameterShapes().keySet()));
    }

    @Test
    void optionsMayBeAbsentAndNumbersKeepTheirKind() {
        ModelSpec s = ModelSpecJson.parse("{\"arch\": \"vgg\", \"input_shape\": [3, 32, 32], \"num_outputs\": 10}");
        assertEquals(Map.of(), s.options());
        ModelSpec v = ModelSpecJson.parse("{\"arch\": \"vgg\", \"input_shape\": [3, 32, 32], \"num_outputs\": 10, "
                + "\"options\": {\"width\": 0.5}}");
        assertEquals(0.5, v.options().get("width"));
        assertEquals(Shape.of(8), Models.build(v).parameterShapes().get("features.0.bias"));
    }

    @Test
    void roundTripsThroughAFile(@TempDir Path dir) throws Exception {
        ModelSpec s = new ModelSpec("vit", Map.of("dim", 16, "mlp_ratio", 2.5, "depth", 2), new int[] {1, 28, 28}, 3);
        Path f = dir.resolve("model.json");
        ModelSpecJson.write(f, s);
        String text = Files.readString(f);
        assertTrue(text.indexOf("\"depth\"") < text.indexOf("\"dim\""), "options are sorted by key: " + text);
        ModelSpec back = ModelSpecJson.read(f);
        assertEquals(s.arch(), back.arch());
        assertArrayEquals(s.inputShape(), back.inputShape());
        assertEquals(s.numOutputs(), back.numOutputs());
        assertEquals(s.options(), back.options());
    }

    private static void fails(String json, String message) {
        var e = assertThrows(IllegalArgumentException.class, () -> ModelSpecJson.parse(json));
        assertEquals(message, e.getMessage());
    }

    @Test
    void structuralErrorsAreNamed() {
        String ok = "\"arch\": \"mlp\", \"input_shape\": [1, 2, 3], \"num_outputs\": 2";
        fails("{" + ok + ", \"widths\": [3]}",
                "model.json: unknown key 'widths' (expected arch, input_shape, num_outputs, options)");
        fails("{\"input_shape\": [1, 2, 3], \"num_outputs\": 2}", "model.json: missing required key 'arch'");
        fails("[1, 2]", "model.json: expected a JSON object at the top level");
        fails("{\"arch\": 3, \"input_shape\": [1, 2, 3], \"num_outputs\": 2}", "model.json: 'arch' must be a string, "
                + "got 3");
        fails("{\"arch\": \"mlp\", \"input_shape\": [1, 28], \"num_outputs\": 2}",
                "model.json: 'input_shape' must be [C, H, W], three positive integers, got [1,28]");
        fails("{\"arch\": \"mlp\", \"input_shape\": [1, 28, 2.5], \"num_outputs\": 2}",
                "model.json: 'input_shape' must be [C, H, W], three positive integers, got [1,28,2.5]");
        fails("{\"arch\": \"mlp\", \"input_shape\": [1, 2, 3], \"num_outputs\": \"2\"}",
                "model.json: 'num_outputs' must be a positive integer, got \"2\"");
        fails("{\"arch\": \"mlp\", \"input_shape\": [1, 2, 3], \"num_outputs\": 0}",
                "model.json: 'num_outputs' must be a positive integer, got 0");
        fails("{" + ok + ", \"options\": [1]}", "model.json: 'options' must be an object, got [1]");
        fails("{" + ok + ", \"options\": {\"widths\": null}}", "model.json: option 'widths' must not be null");
    }

    @Test
    void malformedJsonIsReportedWithItsPosition() {
        var e = assertThrows(IllegalArgumentException.class, () -> ModelSpecJson.parse("{\"arch\": \"mlp\",\n }"));
        assertTrue(e.getMessage().startsWith("model.json: malformed JSON at line 2, column 2: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ModelSpecJson.parse("{\"arch\": \"mlp\", \"arch\": \"vgg\"}"));
        assertTrue(e.getMessage().contains("Duplicate field 'arch'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelSpecJson.parse(
                "{\"arch\": \"mlp\", \"input_shape\": [1, 2, 3], \"num_outputs\": 2} {}"));
        assertTrue(e.getMessage().startsWith("model.json: malformed JSON"), e.getMessage());
    }

    @Test
    void fileErrorsNameTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("broken.json");
        Files.writeString(f, "{\"arch\": \"mlp\"}");
        var e = assertThrows(IllegalArgumentException.class, () -> ModelSpecJson.read(f));
        assertEquals(f + ": missing required key 'input_shape'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelSpecJson.read(dir.resolve("absent.json")));
        assertEquals(dir.resolve("absent.json") + ": no such file", e.getMessage());
    }

    @Test
    void optionTypesAreCheckedWhenTheModelIsBuilt() {
        ModelSpec s = ModelSpecJson.parse("{\"arch\": \"mlp\", \"input_shape\": [1, 2, 3], \"num_outputs\": 2, "
                + "\"options\": {\"widths\": \"500\"}}");
        var e = assertThrows(IllegalArgumentException.class, () -> Models.build(s));
        assertEquals("mlp: option 'widths' must be a list of positive integers, got 500", e.getMessage());
        ModelSpec u = ModelSpecJson.parse("{\"arch\": \"resnet\", \"input_shape\": [1, 2, 3], \"num_outputs\": 2}");
        e = assertThrows(IllegalArgumentException.class, () -> Models.build(u));
        assertEquals("unknown architecture 'resnet' (known: mlp, lenet, vgg, vit, onnx)", e.getMessage());
    }
}
