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

class VggTest {
    @Test
    void namesFollowTorchSequentialNumbering() {
        Model m = Models.build(spec("vgg", Map.of(), 1, 28, 28, 2));
        assertEquals(List.of("features.0.weight", "features.0.bias", "features.3.weight", "features.3.bias",
                "features.6.weight", "features.6.bias", "features.9.weight", "features.9.bias", "features.12.weight",
                "features.12.bias", "classifier.0.weight", "classifier.0.bias", "classifier.2.weight",
                "classifier.2.bias"), List.copyOf(m.parameterShapes().keySet()));
        Map<String, Shape> s = m.parameterShapes();
        assertEquals(Shape.of(16, 1, 3, 3), s.get("features.0.weight"));
        assertEquals(Shape.of(16, 16, 3, 3), s.get("features.3.weight"));
        assertEquals(Shape.of(32, 16, 3, 3), s.get("features.6.weight"));
        assertEquals(Shape.of(64, 32, 3, 3), s.get("features.9.weight"));
        assertEquals(Shape.of(64, 64, 3, 3), s.get("features.12.weight"));
        assertEquals(Shape.of(128, 256), s.get("classifier.0.weight"));
        assertEquals(Shape.of(2, 128), s.get("classifier.2.weight"));
    }

    @Test
    void flatSizeIs256For28And32AsThePaperSays() {
        // 28: 30/15, 17/8, 10/5, 7/3, 5/2.  32: 34/17, 19/9, 11/5, 7/3, 5/2.  Both end at 64 × 2 × 2.
        assertEquals(256, ((Vgg) Models.build(spec("vgg", Map.of(), 1, 28, 28, 10))).flatSize());
        assertEquals(256, ((Vgg) Models.build(spec("vgg", Map.of(), 3, 32, 32, 10))).flatSize());
        // 64: 66/33, 35/17, 19/9, 11/5, 7/3.
        assertEquals(64 * 3 * 3, ((Vgg) Models.build(spec("vgg", Map.of(), 3, 64, 64, 10))).flatSize());
    }

    @Test
    void widthScalesEveryConvolution() {
        Model m = Models.build(spec("vgg", Map.of("width", 0.5), 3, 32, 32, 2));
        Map<String, Shape> s = m.parameterShapes();
        assertEquals(Shape.of(8, 3, 3, 3), s.get("features.0.weight"));
        assertEquals(Shape.of(32, 32, 3, 3), s.get("features.12.weight"));
        assertEquals(Shape.of(128, 128), s.get("classifier.0.weight"));
        // round(16 · 0.3) = 5, round(32 · 0.3) = 10 (9.6), round(64 · 0.3) = 19 (19.2)
        Map<String, Shape> t = Models.build(spec("vgg", Map.of("width", 0.3), 1, 28, 28, 2)).parameterShapes();
        assertEquals(Shape.of(5, 1, 3, 3), t.get("features.0.weight"));
        assertEquals(Shape.of(10, 5, 3, 3), t.get("features.6.weight"));
        assertEquals(Shape.of(128, 19 * 4), t.get("classifier.0.weight"));
    }

    @Test
    void forwardShapeAndSitesInForwardOrder() {
        Model m = Models.build(spec("vgg", Map.of("width", 0.5), 1, 28, 28, 3));
        Parameters p = m.init(new SplittableRandom(3));
        assertEquals(Shape.of(2, 3), m.predict(p, Tensor.uniform(new SplittableRandom(4), 0, 1, 2, 1, 28, 28)).shape());
        List<Site> sites = ModelTestSupport.sites(m, 2);
        assertEquals(List.of("features.0", "features.3", "features.6", "features.9", "features.12", "classifier.0",
                "classifier.2"), sites.stream().map(Site::layer).toList());
        assertEquals(Shape.of(2, 8, 15, 15), sites.get(1).input().shape());
        assertEquals(Shape.of(2, 128), sites.get(5).input().shape());
        assertEquals(SiteKind.CONV, sites.get(4).kind());
        assertEquals(SiteKind.DENSE, sites.get(5).kind());
    }

    @Test
    void badOptionsFailClearly() {
        var e = assertThrows(IllegalArgumentException.class, () -> Models.build(spec("vgg", Map.of("depth", 3), 1, 28,
                28, 2)));
        assertEquals("vgg: unknown option 'depth'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Models.build(spec("vgg", Map.of("width", 0), 1, 28, 28,
                2)));
        assertEquals("vgg: option 'width' must be a positive number, got 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Models.build(spec("vgg", Map.of("width", "wide"), 1,
                28, 28, 2)));
        assertEquals("vgg: option 'width' must be a number, got wide", e.getMessage());
    }
}
