package org.flatlens.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MlpTest {
    @Test
    void namesAndShapesFollowTorchSequential() {
        Model m = Models.build(new ModelSpec("mlp", Map.of("widths", List.of(5, 4)), new int[] {1, 2, 3}, 2));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"),
                List.copyOf(m.parameterShapes().keySet()));
        assertEquals(Shape.of(5, 6), m.parameterShapes().get("0.weight"));
        Model ln = Models.build(new ModelSpec("mlp", Map.of("widths", List.of(5), "layer_norm", true),
                new int[] {1, 2, 3}, 2));
        assertEquals(List.of("1.weight", "1.bias", "4.weight", "4.bias"), List.copyOf(ln.parameterShapes().keySet()));
    }

    @Test
    void forwardShapeAndSites() {
        Model m = Models.build(new ModelSpec("mlp", Map.of("widths", List.of(5, 4), "activation", "relu"),
                new int[] {1, 2, 3}, 3));
        Parameters p = m.init(new SplittableRandom(1));
        Tensor x = Tensor.randn(new SplittableRandom(2), 7, 1, 2, 3);
        assertEquals(Shape.of(7, 3), m.predict(p, x).shape());
        SiteRecorder rec = new SiteRecorder();
        m.forward(p.vars(false), org.flatlens.autodiff.Var.constant(x), rec);
        assertEquals(List.of("0", "2", "4"), rec.sites().stream().map(Site::layer).toList());
        assertEquals(Shape.of(7, 6), rec.sites().get(0).input().shape());
    }

    @Test
    void unknownOptionIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Models.build(new ModelSpec("mlp", Map.of("width", 3), new int[] {1, 2, 3}, 2)));
        assertEquals("mlp: unknown option 'width'", e.getMessage());
    }
}
