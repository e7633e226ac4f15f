package org.flatlens.nn;

import static org.flatlens.nn.ModelTestSupport.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LeNetTest {
    @Test
    void namesAndShapesFollowTheTorchModule() {
        Model m = Models.build(spec("lenet", Map.of(), 1, 28, 28, 10));
        Map<String, Shape> s = m.parameterShapes();
        assertEquals(List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias",
                "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"), List.copyOf(s.keySet()));
        assertEquals(Shape.of(6, 1, 5, 5), s.get("conv1.weight"));
        assertEquals(Shape.of(16, 6, 5, 5), s.get("conv2.weight"));
        assertEquals(Shape.of(120, 400), s.get("fc1.weight"));
        assertEquals(Shape.of(84, 120), s.get("fc2.weight"));
        assertEquals(Shape.of(10, 84), s.get("fc3.weight"));
        // LeNet-5 on 28×28 with padding 2: the classic 61,706 parameters.
        assertEquals(61_706, ModelTestSupport.count(m));
    }

    @Test
    void flattenedSizeFollowsTheInputShape() {
        // 32 → conv 32 → pool 16 → conv 12 → pool 6: 16·6·6 = 576.
        Model m = Models.build(spec("lenet", Map.of(), 3, 32, 32, 2));
        assertEquals(Shape.of(120, 576), m.parameterShapes().get("fc1.weight"));
        assertEquals(Shape.of(6, 3, 5, 5), m.parameterShapes().get("conv1.weight"));
    }

    @Test
    void forwardShapeAndSitesInForwardOrder() {
        Model m = Models.build(spec("lenet", Map.of(), 1, 28, 28, 4));
        Parameters p = m.init(new SplittableRandom(3));
        assertEquals(Shape.of(2, 4), m.predict(p, Tensor.uniform(new SplittableRandom(4), 0, 1, 2, 1, 28, 28)).shape());
        List<Site> sites = ModelTestSupport.sites(m, 2);
        assertEquals(List.of("conv1", "conv2", "fc1", "fc2", "fc3"), sites.stream().map(Site::layer).toList());
        assertEquals(List.of(SiteKind.CONV, SiteKind.CONV, SiteKind.DENSE, SiteKind.DENSE, SiteKind.DENSE),
                sites.stream().map(Site::kind).toList());
        assertEquals(Shape.of(2, 1, 28, 28), sites.get(0).input().shape());
        assertEquals(Shape.of(2, 6, 14, 14), sites.get(1).input().shape());
        assertEquals(Shape.of(2, 400), sites.get(2).input().shape());
    }

    @Test
    void badOptionsAndInputsFailClearly() {
        var e = assertThrows(IllegalArgumentException.class, () -> Models.build(spec("lenet", Map.of("width", 2), 1,
                28, 28, 2)));
        assertEquals("lenet: unknown option 'width'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Models.build(spec("lenet", Map.of(), 1, 8, 8, 2)));
        assertEquals(true, e.getMessage().startsWith("lenet: input [1, 8, 8] is too small"), e.getMessage());
        Model m = Models.build(spec("lenet", Map.of(), 1, 28, 28, 2));
        Parameters p = m.init(new SplittableRandom(1));
        e = assertThrows(IllegalArgumentException.class, () -> m.predict(p, Tensor.zeros(2, 1, 32, 32)));
        assertEquals("lenet: input [2, 1, 32, 32], expected [N, 1, 28, 28]", e.getMessage());
    }
}
