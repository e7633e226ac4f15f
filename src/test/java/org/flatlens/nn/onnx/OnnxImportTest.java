package org.flatlens.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.nn.Model;
import org.flatlens.nn.Models;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ONNX exports of PyTorch networks (fixtures of {@code scripts/fixtures/make_onnx_fixtures.py}) against PyTorch's
 * float64 forward pass, and against the built-in architecture they were exported from.
 */
class OnnxImportTest {
    /** Norm-wise relative error allowed against PyTorch, whose operation order differs in places. */
    private static final double TOL = 1e-12;

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "mlp_flat_input", "lenet", "vgg", "vit", "vit_opset13", "resnet", "misc", "geometry"})
    void forwardEqualsPyTorch(String name) {
        OnnxFixtures f = OnnxFixtures.load(name);
        GraphModel m = GraphModel.read(f.onnx());
        Tensor out = m.predict(m.bundledWeights().orElseThrow(), f.input());
        double err = relErr(out, f.logits());
        System.out.printf("%s (%s) vs PyTorch: relative error %.2e%n", name, m.weightTypes(), err);
        assertTrue(err <= TOL, name + ": relative error " + err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "mlp_flat_input", "lenet", "vgg", "vit", "vit_opset13"})
    void sameParametersAndOutputsAsTheBuiltIn(String name) {
        OnnxFixtures f = OnnxFixtures.load(name);
        GraphModel graph = GraphModel.read(f.onnx(), f.builtin().inputShape());
        Model builtin = Models.build(f.builtin());
        assertEquals(List.copyOf(builtin.parameterShapes().keySet()), List.copyOf(graph.parameterShapes().keySet()),
                "parameter names in state-dict order");
        Parameters onnxOrder = graph.bundledWeights().orElseThrow();
        Parameters params = inOrderOf(builtin, onnxOrder);
        builtin.checkCompatible(params);
        Tensor a = builtin.predict(params, f.input()), b = graph.predict(onnxOrder, f.input());
        double err = relErr(b, a);
        System.out.printf("%s imported vs built-in: relative error %.2e%n", name, err);
        assertTrue(err <= TOL, name + ": " + err);
    }

    static Parameters inOrderOf(Model m, Parameters p) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String n : m.parameterShapes().keySet()) out.put(n, p.get(n));
        return new Parameters(out);
    }

    static double relErr(Tensor actual, Tensor expected) {
        assertEquals(expected.shape(), actual.shape());
        return actual.sub(expected).norm() / Math.max(expected.norm(), Double.MIN_NORMAL);
    }
}
